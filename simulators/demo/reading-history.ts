import { hubAdminCall as call } from '../shared/hub-admin-call.js';

const PAGE = 500;
/** Bounded: the demo counts at most this many pages, then says "more than". */
const MAX_PAGES = 40;

export interface History {
  /** Readings of the lab already in the log (at most PAGE * MAX_PAGES counted). */
  readonly count: number;
  readonly more: boolean;
  /** Cursor of the newest one: the live subscription starts after it. */
  readonly lastCursor?: string;
}

/** Pages through the lab's stored readings with the GraphQL API, as a municipality would. */
export async function readingHistory(url: string, token: string, lab: string): Promise<History> {
  type Page = {
    readings: {
      edges: { cursor: string }[];
      pageInfo: { endCursor: string | null; hasNextPage: boolean };
    };
  };
  const newest = await call<Page>(
    url,
    token,
    'query ($lab: String!) { readings(filter: { lab: $lab }, last: 1) { edges { cursor } pageInfo { endCursor hasNextPage } } }',
    { lab },
  );
  const lastCursor = newest.data?.readings.edges[0]?.cursor;
  let count = 0;
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await call<Page>(
      url,
      token,
      `query ($lab: String!, $after: String) {
        readings(filter: { lab: $lab }, first: ${PAGE}, after: $after) {
          edges { cursor } pageInfo { endCursor hasNextPage }
        }
      }`,
      { lab, after },
    );
    const readings = answer.data?.readings;
    if (!readings) throw new Error(`cannot read the history of ${lab}: ${answer.reason}`);
    count += readings.edges.length;
    if (!readings.pageInfo.hasNextPage) return { count, more: false, lastCursor };
    after = readings.pageInfo.endCursor ?? undefined;
  }
  return { count, more: true, lastCursor };
}
