import type { ReadingQuery } from '../application/reading-view.js';
import type { HoursAnswer } from './hourly-aggregates-query.js';
import type { HistoryPage, LabScopes, PageRequest } from './readings-query.js';

/** Hours of one lab (or its lampposts) that `HourlyAggregatesQuery.range` answers. */
export interface HoursRequest {
  readonly lab: string;
  readonly kinds: readonly string[] | undefined;
  readonly bounds: { readonly after?: string; readonly from?: string; readonly to?: string };
  readonly limit: number;
  readonly perLamppost: boolean;
}

/**
 * The feeds' reads of the read models: history pages and hourly aggregates. On the query worker
 * thread (`QueryThread`, HUB_QUERIES_THREAD=worker) or on the hub's main thread
 * (`InProcessQueries`); either way a read costs what its answer costs (ADR 0014, 0015).
 */
export abstract class ReadQueries {
  /** `reader`: who asks (the token id); the query worker shares its places among readers. */
  abstract readings(
    reader: string,
    q: ReadingQuery,
    scopes: LabScopes,
    request: PageRequest,
  ): Promise<HistoryPage>;
  /** The hours and the checkpoint of the read model they were read at. */
  abstract hours(reader: string, request: HoursRequest): Promise<HoursAnswer>;
  abstract start(): void;
  abstract stop(): Promise<void>;
}
