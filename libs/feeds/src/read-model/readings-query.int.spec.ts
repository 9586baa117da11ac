import { describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import {
  OWNER_AUDIENCES,
  SHARED_AUDIENCES,
  type Audience,
  type ReadingQuery,
} from '../application/reading-view.js';
import { DICTIONARY_LOADS } from './reading-dictionaries.js';
import { readingsProjection } from './readings.projection.js';
import { storeReading } from './readings-table.js';
import { ReadingsQuery, type LabScopes, type PageRequest } from './readings-query.js';
import { countRowsRead, recordPrepared } from './prepared-statements.js';

/** Two labs, three lampposts, three kinds, every stored audience: 1,080 rows. */
const LABS = ['scheveningen', 'delft'];
const LAMPPOSTS = ['lp-1', 'lp-2', 'lp-3'];
const KINDS = ['temperature', 'sound', 'motion'];
const AUDIENCES: Audience[] = ['any', 'owner', 'shared'];

interface Row {
  position: number;
  lab: string;
  lamppost: string;
  kind: string;
  observedAt: string;
  audience: Audience;
}

function filledDb(): { db: Database.Database; rows: Row[] } {
  const db = new Database(':memory:');
  readingsProjection.setup(db);
  const rows: Row[] = [];
  let position = 0;
  for (let round = 0; round < 20; round++) {
    for (const lab of LABS)
      for (const lamppost of LAMPPOSTS)
        for (const kind of KINDS) {
          // One audience per reading, turn by turn, as the filter's copies are.
          const audience = AUDIENCES[(position + round) % AUDIENCES.length];
          position += 1;
          const observedAt = new Date(Date.UTC(2026, 11, 2, 10, 0, position)).toISOString();
          rows.push({ position, lab, lamppost, kind, observedAt, audience });
          storeReading(db, position, {
            lab,
            lamppost,
            kind,
            observedAt,
            values: {},
            audience,
            rule: { id: 'r', version: 1, hash: 'h' },
            transforms: [],
            intervalSeconds: 60,
          });
        }
  }
  return { db, rows };
}

/** What a page must hold: the rows a plain filter keeps, in log order, cut to the limit. */
function expected(rows: Row[], q: ReadingQuery, scopes: LabScopes, req: PageRequest): number[] {
  const forwards = req.direction === 'forwards';
  const cursor = req.cursor ?? (forwards ? 0 : Number.MAX_SAFE_INTEGER);
  const kept = rows.filter((r) => {
    if (forwards ? r.position <= cursor : r.position >= cursor) return false;
    if (q.lab !== undefined && r.lab !== q.lab) return false;
    if (q.lamppost !== undefined && r.lamppost !== q.lamppost) return false;
    if (q.kind !== undefined && r.kind !== q.kind) return false;
    if (q.from !== undefined && r.observedAt < q.from.toISOString()) return false;
    if (q.to !== undefined && r.observedAt >= q.to.toISOString()) return false;
    if ('everyLab' in scopes) return scopes.everyLab.includes(r.audience);
    return scopes.some(
      (s) =>
        s.lab === r.lab &&
        (s.kinds === undefined || s.kinds.includes(r.kind)) &&
        s.audiences.includes(r.audience),
    );
  });
  const positions = kept.map((r) => r.position);
  return forwards ? positions.slice(0, req.limit) : positions.slice(-req.limit);
}

const QUERIES: ReadingQuery[] = [
  {},
  { lab: 'scheveningen' },
  { lab: 'scheveningen', lamppost: 'lp-2' },
  { lab: 'scheveningen', kind: 'sound' },
  { lab: 'delft', lamppost: 'lp-3', kind: 'motion' },
  { kind: 'temperature' },
  { lamppost: 'lp-1' },
  { lab: 'scheveningen', from: new Date(Date.UTC(2026, 11, 2, 10, 2)) },
];
const SCOPES: Array<[string, LabScopes]> = [
  ['an admin', { everyLab: OWNER_AUDIENCES }],
  ['the owner of one lab', [{ lab: 'scheveningen', audiences: OWNER_AUDIENCES }]],
  [
    'a neighbour with two kinds of one lab and all of another',
    [
      { lab: 'scheveningen', kinds: ['sound', 'motion'], audiences: SHARED_AUDIENCES },
      { lab: 'delft', audiences: OWNER_AUDIENCES },
    ],
  ],
  ['no grant', []],
];
const REQUESTS: PageRequest[] = [
  { direction: 'backwards', cursor: undefined, limit: 21 },
  { direction: 'forwards', cursor: undefined, limit: 21 },
  { direction: 'backwards', cursor: 700, limit: 5 },
  { direction: 'forwards', cursor: 300, limit: 1 },
];

describe('history pages (ReadingsQuery)', () => {
  test.each(SCOPES)(
    'hold exactly what %s may read, in log order, in both directions',
    (_, scopes) => {
      const { db, rows } = filledDb();
      const query = new ReadingsQuery(db);
      let compared = 0;
      for (const q of QUERIES)
        for (const req of REQUESTS) {
          const page = query.pageIn(q, scopes, req);
          expect(page.frontier).toBeUndefined(); // the default scan limit is above these 1,080 rows
          const got = page.views.map((v) => v.position);
          expect({ q, req, got }).toEqual({ q, req, got: expected(rows, q, scopes, req) });
          compared += got.length;
        }
      if ('everyLab' in scopes || scopes.length > 0) expect(compared).toBeGreaterThan(100);
      db.close();
    },
  );

  test('every statement walks one index in log order: no sort of all matches, no table scan', () => {
    const { db } = filledDb();
    // The statements ReadingsQuery prepares, seen through the database it is given.
    const { spy, prepared } = recordPrepared(db);
    const query = new ReadingsQuery(spy, 100);
    for (const [, scopes] of SCOPES)
      for (const q of QUERIES) for (const req of REQUESTS) query.pageIn(q, scopes, req);
    expect(prepared.size).toBeGreaterThan(10);
    for (const sql of prepared) {
      // The dictionaries are read whole (tiny tables), once per connection and new name.
      if (DICTIONARY_LOADS.includes(sql)) continue;
      const params = {
        cursor: 1,
        limit: 1,
        lab: 'x',
        scan: 1,
        skip: 1,
        lamppost: 'x',
        kind: 'x',
        partId: 1,
        field: 'kind',
        name: 'x',
        position: 1,
        from: 'x',
        to: 'x',
      };
      const used = Object.fromEntries(
        Object.entries(params).filter(([name]) => sql.includes(`@${name}`)),
      );
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(used) as { detail: string }[]).map(
        (r) => r.detail,
      );
      // A bounded subquery (the time filter's scan) may be scanned; the table and the
      // dictionaries never, nor sorted.
      const unbounded = plan.filter((d) => /TEMP B-TREE|^SCAN reading/.test(d));
      expect({ sql, plan, unbounded }).toEqual({ sql, plan, unbounded: [] });
    }
    db.close();
  });

  // Matches only at the old end of the log: a walk from the new end finds none for a while.
  const early = new Date(Date.UTC(2026, 11, 2, 10, 0, 60));
  // [what, query, scopes, scan limit]: the limit well under the rows the walk has.
  const SCANNED: Array<[string, ReadingQuery, LabScopes, number]> = [
    [
      "a lab's every kind",
      { lab: 'scheveningen', to: early },
      [{ lab: 'scheveningen', audiences: OWNER_AUDIENCES }],
      100,
    ],
    [
      "a kind and lamppost of every lab (an admin's)",
      { kind: 'sound', lamppost: 'lp-2', to: new Date(Date.UTC(2026, 11, 2, 10, 3)) },
      { everyLab: OWNER_AUDIENCES },
      20,
    ],
  ];
  test.each(
    (['backwards', 'forwards'] as const).flatMap((direction) =>
      SCANNED.map(
        ([name, q, scopes, scanLimit]) => [direction, name, q, scopes, scanLimit] as const,
      ),
    ),
  )(
    'a filter outside the index examines at most the scan limit; the short pages, followed %s over %s, hold exactly the matches',
    (direction, _name, q, scopes, scanLimit) => {
      const { db, rows } = filledDb();
      const query = new ReadingsQuery(db, scanLimit);
      const all = expected(rows, q, scopes, { direction, cursor: undefined, limit: 10_000 });
      expect(all.length).toBeGreaterThan(10);
      const seen: number[] = [];
      let cursor: number | undefined;
      let pages = 0;
      let short = 0;
      for (;;) {
        const page = query.pageIn(q, scopes, { direction, cursor, limit: 10 });
        pages += 1;
        expect(pages).toBeLessThan(100);
        const got = page.views.map((v) => v.position);
        // Each page holds exactly the matches between its cursor and where it stopped.
        const reach =
          page.frontier ?? (got.length === 10 ? got[direction === 'forwards' ? 9 : 0] : undefined);
        const between = all.filter(
          (p) =>
            (cursor === undefined || (direction === 'forwards' ? p > cursor : p < cursor)) &&
            (reach === undefined || (direction === 'forwards' ? p <= reach : p >= reach)),
        );
        expect(got).toEqual(direction === 'forwards' ? between.slice(0, 10) : between.slice(-10));
        seen.push(...got);
        if (page.frontier !== undefined) {
          short += 1;
          expect(got.length).toBeLessThan(10);
          cursor = page.frontier;
        } else if (got.length === 10) {
          cursor = direction === 'forwards' ? got[9] : got[0];
        } else break;
      }
      expect(short).toBeGreaterThan(0);
      expect([...seen].sort((a, b) => a - b)).toEqual(all);
      db.close();
    },
  );

  test('the scan limit is the whole query’s: a reader of many labs and kinds does not multiply it', () => {
    const { db, rows } = filledDb();
    const scanLimit = 120;
    const query = new ReadingsQuery(db, scanLimit);
    // Six walks (two labs, three kinds each) and a time filter that matches nothing recent.
    const scopes: LabScopes = LABS.map((lab) => ({
      lab,
      kinds: KINDS,
      audiences: OWNER_AUDIENCES,
    }));
    const q: ReadingQuery = { to: new Date(Date.UTC(2026, 11, 2, 10, 0, 10)) };
    const head = rows[rows.length - 1].position;
    const page = query.pageIn(q, scopes, { direction: 'backwards', cursor: undefined, limit: 10 });
    expect(page.views).toEqual([]);
    expect(page.frontier).toBeDefined();
    // The owner's copies are two of every three readings; six walks share 120 readings, so the
    // walks reach back about 120 / (2/3) = 180 positions, not six times that.
    const reached = head - page.frontier!;
    expect(reached).toBeGreaterThan(100);
    expect(reached).toBeLessThanOrEqual(Math.ceil(scanLimit * 1.5) + 6 * 3);
    db.close();
  });

  test('a page over many walks reads about its size, not its size per walk', () => {
    const { db } = filledDb();
    const { counting, read } = countRowsRead(db);
    const query = new ReadingsQuery(counting);
    // Six walks: two labs of three kinds.
    const scopes: LabScopes = LABS.map((lab) => ({
      lab,
      kinds: KINDS,
      audiences: OWNER_AUDIENCES,
    }));
    const request: PageRequest = { direction: 'backwards', cursor: undefined, limit: 20 };
    // The first page also loads the names of the connection's dictionaries (decision 0017).
    query.pageIn({}, scopes, request);
    const before = read();
    const page = query.pageIn({}, scopes, request);
    expect(page.views).toHaveLength(20);
    // The page, plus at most the one row ahead in each of the six walks.
    expect(read() - before).toBeLessThanOrEqual(20 + 6);
    db.close();
  });

  test('a page of a lab without a kind walks the kinds’ indexes merged and reads about its size', () => {
    const { db, rows } = filledDb();
    const { counting, read } = countRowsRead(db);
    const query = new ReadingsQuery(counting);
    const scopes: LabScopes = [{ lab: 'delft', audiences: OWNER_AUDIENCES }];
    const q: ReadingQuery = { lab: 'delft', lamppost: 'lp-2' };
    const request: PageRequest = { direction: 'backwards', cursor: undefined, limit: 20 };
    query.pageIn(q, scopes, request);
    const before = read();
    const page = query.pageIn(q, scopes, request);
    expect(page.views.map((v) => v.position)).toEqual(expected(rows, q, scopes, request));
    // Every kind is in the page, and the page reads its size, one row ahead per kind, and the
    // kinds' numbers.
    expect(new Set(page.views.map((v) => v.kind))).toEqual(new Set(KINDS));
    expect(read() - before).toBeLessThanOrEqual(20 + 2 * KINDS.length);
    db.close();
  });
});
