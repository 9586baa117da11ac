import { describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { READING_RECORDED, type ReadingRecorded } from '@hub/contracts';
import type { RecordedEvent } from '@hub/event-store';
import { hourlyAggregatesProjection } from '../read-model/hourly-aggregates.projection.js';
import { HourlyAggregatesQuery, type HourlyRow } from '../read-model/hourly-aggregates-query.js';
import type { HoursRequest } from '../read-model/read-queries.port.js';
import { ruleVersionsProjection } from '../read-model/rule-versions.projection.js';
import { mergeHours, tailHours } from './aggregate-tail.js';
import { toReadingView } from './live-readings.js';

// The hours of a read model that stopped at a checkpoint, with the live tail's readings after it
// folded in memory, must be the hours of the read model once it applied them all: the real
// projection on a real SQLite database is the reference, over generated logs and requests.

const LABS = ['scheveningen', 'delft'];
const KINDS = ['camera', 'motion', 'sound', 'temperature', 'air'];
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 1);

/** A deterministic pseudo-random sequence (every run the same cases). */
function* numbers(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield x / 2147483648;
  }
}

function valuesOf(kind: string, r: () => number): Record<string, unknown> {
  const v = Math.floor(r() * 40);
  if (r() < 0.1) return {}; // a reading without the kind's measure: counted, not sampled
  switch (kind) {
    case 'camera':
      return {
        counts: [
          { class: 'person', count: v },
          { class: 'bicycle', count: 3 },
        ],
      };
    case 'motion':
      return { events: v };
    case 'sound':
      return { LAeq: 40 + v / 2 };
    case 'temperature':
      return { celsius: v / 4 - 2 };
    default:
      return { pm25: v };
  }
}

function logOf(seed: number, length: number): RecordedEvent[] {
  const random = numbers(seed);
  const r = () => random.next().value as number;
  return Array.from({ length }, (_, i) => {
    const kind = KINDS[Math.floor(r() * KINDS.length)];
    const lamppost = `lp-${Math.floor(r() * 3)}`;
    const data: ReadingRecorded = {
      lab: LABS[Math.floor(r() * LABS.length)],
      lamppost,
      location: { lamppost },
      kind,
      observedAt: new Date(T0 + Math.floor(r() * 8 * HOUR)).toISOString(),
      intervalSeconds: 60,
      audience: (['any', 'owner', 'shared'] as const)[Math.floor(r() * 3)],
      values: valuesOf(kind, r),
      rule: { id: 'default', version: 1, hash: 'ab'.repeat(32) },
      transforms: [],
      receivedAt: new Date(T0).toISOString(),
    };
    return {
      id: `e${i}`,
      streamId: `reading-${data.lab}-${lamppost}`,
      type: READING_RECORDED,
      revision: i,
      position: i + 1,
      data,
      metadata: {},
      recordedAt: data.receivedAt,
    };
  });
}

/** A read model that applied `events` through the real projection, and its checkpoint. */
function readModel(events: readonly RecordedEvent[]): HourlyAggregatesQuery {
  const db = new Database(':memory:');
  ruleVersionsProjection.setup(db);
  hourlyAggregatesProjection.setup(db);
  db.exec(`CREATE TABLE projection_checkpoints (
    name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL) WITHOUT ROWID`);
  for (const event of events) hourlyAggregatesProjection.apply(db, event);
  db.prepare('INSERT INTO projection_checkpoints VALUES (?, 1, ?)').run(
    hourlyAggregatesProjection.name,
    events.at(-1)?.position ?? 0,
  );
  return new HourlyAggregatesQuery(db);
}

const requests = (seed: number): HoursRequest[] => {
  const random = numbers(seed);
  const r = () => random.next().value as number;
  const hour = (h: number) => new Date(T0 + h * HOUR).toISOString();
  return Array.from({ length: 40 }, () => {
    const kinds = r() < 0.4 ? undefined : KINDS.filter(() => r() < 0.5);
    const bounds: HoursRequest['bounds'] = {
      ...(r() < 0.3 && { after: hour(Math.floor(r() * 8)) }),
      ...(r() < 0.3 && { from: hour(Math.floor(r() * 8)) }),
      ...(r() < 0.3 && { to: hour(1 + Math.floor(r() * 8)) }),
    };
    return {
      lab: LABS[Math.floor(r() * LABS.length)],
      kinds,
      bounds,
      limit: [0, 1, 3, 7, 20, 1000][Math.floor(r() * 6)],
      perLamppost: r() < 0.5,
    };
  });
};

/** Rows with the sums rounded: SQLite and the fold add the same numbers in another order. */
const comparable = (rows: readonly HourlyRow[]) =>
  rows.map((row) => ({ ...row, sum: Number(row.sum.toPrecision(12)) }));

describe('aggregate hours from the read model and the live tail (aggregate-tail.ts)', () => {
  test('equal the hours of a read model that applied the whole log', () => {
    let compared = 0;
    let withTail = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const log = logOf(seed, 300);
      const whole = readModel(log);
      for (const checkpoint of [0, 1, 150, 299, 300]) {
        const behind = readModel(log.slice(0, checkpoint));
        const tail = log.slice(checkpoint).map((event) => toReadingView(event, undefined));
        for (const request of requests(seed * 31 + checkpoint)) {
          const { lab, kinds, bounds, limit, perLamppost } = request;
          const answer = behind.rangeAt(lab, kinds, bounds, limit, perLamppost);
          expect(answer.checkpoint).toBe(checkpoint);
          const fromTail = tailHours(tail, request);
          if (fromTail.length > 0) withTail++;
          const got = mergeHours(answer.rows, fromTail, limit);
          const want = whole.range(lab, kinds, bounds, limit, perLamppost);
          expect(comparable(got)).toEqual(comparable(want));
          compared++;
        }
      }
    }
    // The cases are what they claim: many requests, most of which the tail adds hours to.
    expect(compared).toBe(12 * 5 * 40);
    expect(withTail).toBeGreaterThan(compared / 2);
  });

  test('the shared twin, other labs, other kinds and hours out of bounds add nothing', () => {
    const [one] = logOf(7, 1);
    const view = toReadingView(one, undefined);
    const request: HoursRequest = {
      lab: view.lab,
      kinds: [view.kind],
      bounds: {},
      limit: 10,
      perLamppost: true,
    };
    expect(tailHours([{ ...view, audience: 'owner' }], request)).toHaveLength(1);
    expect(tailHours([{ ...view, audience: 'shared' }], request)).toEqual([]);
    expect(tailHours([{ ...view, lab: 'elsewhere' }], request)).toEqual([]);
    expect(tailHours([view], { ...request, kinds: ['radio'] })).toEqual([]);
    expect(tailHours([view], { ...request, bounds: { after: view.observedAt } })).toEqual([]);
  });
});
