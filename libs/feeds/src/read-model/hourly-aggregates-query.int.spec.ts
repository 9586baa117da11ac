import { describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { hourlyAggregatesProjection } from './hourly-aggregates.projection.js';
import { HourlyAggregatesQuery, type HourlyRow } from './hourly-aggregates-query.js';
import { countRowsRead, recordPrepared } from './prepared-statements.js';

/** Two labs, three lampposts, three kinds, 60 hours; some cells never stored. */
const LABS = ['scheveningen', 'delft'];
const LAMPPOSTS = ['lp-1', 'lp-2', 'lp-3'];
const KINDS = ['motion', 'sound', 'temperature'];
const HOURS = Array.from({ length: 60 }, (_, h) =>
  new Date(Date.UTC(2026, 11, 1, h)).toISOString(),
);

function filledDb(): { db: Database.Database; rows: HourlyRow[] } {
  const db = new Database(':memory:');
  hourlyAggregatesProjection.setup(db);
  const insert = db.prepare(
    `INSERT INTO hourly_aggregates (lab, kind, hour, lamppost, count, samples, sum, min, max)
     VALUES (@lab, @kind, @hour, @lamppost, @count, @samples, @sum, @min, @max)`,
  );
  const rows: HourlyRow[] = [];
  let n = 0;
  for (const lab of LABS)
    for (const kind of KINDS)
      for (const hour of HOURS)
        for (const lamppost of LAMPPOSTS) {
          n += 1;
          // Gaps: delft never stored motion; every seventh cell is missing.
          if ((lab === 'delft' && kind === 'motion') || n % 7 === 0) continue;
          const samples = n % 5 === 0 ? 0 : (n % 4) + 1;
          const row = {
            lab,
            lamppost,
            kind,
            hour,
            count: (n % 9) + 1,
            samples,
            sum: samples === 0 ? 0 : n * 0.5,
            min: samples === 0 ? null : n % 13,
            max: samples === 0 ? null : (n % 13) + 10,
          };
          insert.run(row);
          rows.push(row);
        }
  return { db, rows };
}

interface Range {
  readonly lab: string;
  readonly kinds: readonly string[] | undefined;
  readonly bounds: { after?: string; from?: string; to?: string };
  readonly limit: number;
}

/** What the query must answer: a plain filter, the lab's sums per hour and kind, sorted, cut. */
function expected(all: HourlyRow[], r: Range, perLamppost: boolean): HourlyRow[] {
  const { after = '', from = '', to = '9999' } = r.bounds;
  const kept = all.filter(
    (row) =>
      row.lab === r.lab &&
      row.hour > after &&
      row.hour >= from &&
      row.hour < to &&
      (r.kinds === undefined || r.kinds.includes(row.kind)),
  );
  let out: HourlyRow[] = kept;
  if (!perLamppost) {
    const sums = new Map<string, HourlyRow>();
    for (const row of kept) {
      const key = `${row.hour}\0${row.kind}`;
      const s = sums.get(key);
      const worst = (x: number | null, y: number | null, pick: (a: number, b: number) => number) =>
        x === null ? y : y === null ? x : pick(x, y);
      sums.set(key, {
        ...row,
        lamppost: null,
        count: (s?.count ?? 0) + row.count,
        samples: (s?.samples ?? 0) + row.samples,
        sum: (s?.sum ?? 0) + row.sum,
        min: s ? worst(s.min, row.min, Math.min) : row.min,
        max: s ? worst(s.max, row.max, Math.max) : row.max,
      });
    }
    out = [...sums.values()];
  }
  const key = (row: HourlyRow) => `${row.hour}\0${row.kind}\0${row.lamppost ?? ''}`;
  return out
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .slice(0, r.limit)
    .map((row) => ({ ...row }));
}

const RANGES: Range[] = [
  { lab: 'scheveningen', kinds: undefined, bounds: {}, limit: 1000 },
  { lab: 'scheveningen', kinds: undefined, bounds: {}, limit: 7 },
  { lab: 'delft', kinds: ['sound'], bounds: {}, limit: 1000 },
  { lab: 'delft', kinds: ['motion'], bounds: {}, limit: 1000 },
  { lab: 'scheveningen', kinds: ['temperature', 'motion', 'temperature'], bounds: {}, limit: 25 },
  { lab: 'scheveningen', kinds: ['sound', 'radio'], bounds: { from: HOURS[10] }, limit: 40 },
  { lab: 'delft', kinds: undefined, bounds: { after: HOURS[50] }, limit: 1000 },
  {
    lab: 'scheveningen',
    kinds: ['motion', 'sound'],
    bounds: { after: HOURS[3], to: HOURS[9] },
    limit: 1000,
  },
  { lab: 'scheveningen', kinds: [], bounds: {}, limit: 1000 },
  { lab: 'elsewhere', kinds: undefined, bounds: {}, limit: 1000 },
];

describe('hourly aggregates (HourlyAggregatesQuery)', () => {
  test.each([
    ['per lab', false],
    ['per lamppost', true],
  ])('%s: the hours a plain filter keeps, summed, in order, cut to the limit', (_, perLamppost) => {
    const { db, rows } = filledDb();
    const query = new HourlyAggregatesQuery(db);
    let compared = 0;
    for (const r of RANGES) {
      const got = query.range(r.lab, r.kinds, r.bounds, r.limit, perLamppost);
      expect({ r, got }).toEqual({ r, got: expected(rows, r, perLamppost) });
      compared += got.length;
    }
    expect(compared).toBeGreaterThan(300);
    db.close();
  });

  test('every statement walks one index in the order asked for: kind fixed, no sort, no scan', () => {
    const { db } = filledDb();
    const { spy, prepared } = recordPrepared(db);
    const query = new HourlyAggregatesQuery(spy);
    for (const r of RANGES)
      for (const per of [false, true]) query.range(r.lab, r.kinds, r.bounds, r.limit, per);
    expect(prepared.size).toBeGreaterThanOrEqual(4);
    for (const sql of prepared) {
      const names = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]))];
      const params = Object.fromEntries(names.map((name) => [name, name === 'limit' ? 1 : 'x']));
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[])
        .map((row) => row.detail)
        .join(' | ');
      expect({ sql, plan }).toEqual({ sql, plan: expect.not.stringMatching(/TEMP B-TREE|^SCAN/) });
      // A walk that keeps some kinds only must fix the kind, not filter every kind's rows.
      if (/\bkind\b\s*(=|IN)/.test(sql))
        expect({ sql, plan }).toEqual({ sql, plan: expect.stringMatching(/kind=\?/) });
    }
    db.close();
  });

  test('some kinds: the walks are merged as read, so a short answer reads about its length', () => {
    const { db } = filledDb();
    const { counting, read } = countRowsRead(db);
    const query = new HourlyAggregatesQuery(counting);
    // Three kinds, per lamppost: 10 rows wanted from walks of 150-odd rows each.
    const rows = query.range('scheveningen', KINDS, {}, 10, true);
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => r.hour)).toEqual([...rows.map((r) => r.hour)].sort());
    // The answer plus at most one row ahead per kind.
    expect(read()).toBeLessThanOrEqual(10 + KINDS.length);
    // The same answer as reading everything and sorting it.
    const all = new HourlyAggregatesQuery(db).range('scheveningen', KINDS, {}, -1, true);
    expect(rows).toEqual(all.slice(0, 10));
    db.close();
  });
});
