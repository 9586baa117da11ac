import { describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { MESSAGE_REJECTED, type MessageRejected, type RejectionCode } from '@hub/contracts';
import type { RecordedEvent } from '@hub/event-store';
import { DeviceHealthQuery } from './device-health-query.js';
import { deviceHealthProjection, REFUSALS_KEPT_MS } from './device-health.projection.js';
import { recordPrepared } from '../read-model/prepared-statements.js';

const DEVICES = [
  { lab: 'scheveningen', lamppost: 'lp-1' },
  { lab: 'scheveningen', lamppost: 'lp-2' },
];
const CODES: RejectionCode[] = ['SCHEMA_VIOLATION', 'OUT_OF_RANGE', 'STALE_TIMESTAMP'];
const START = Date.UTC(2026, 10, 20, 0, 17);
const HOUR = 3_600_000;

interface Refusal {
  position: number;
  lab: string;
  lamppost: string;
  code: string;
  reason: string;
  at: string;
}

/**
 * Nine days of refusals of two devices through the projection (so the week-old ones are pruned
 * as they would be), every 7 minutes with a jitter that sometimes puts a later refusal at an
 * earlier time; and what the device_refusals table must hold after it, kept by a plain list.
 */
function filledDb(): { db: Database.Database; kept: Refusal[]; now: number } {
  const db = new Database(':memory:');
  deviceHealthProjection.setup(db);
  let kept: Refusal[] = [];
  let position = 0;
  let now = START;
  for (let i = 0; i < 9 * 24 * 9; i++) {
    now = START + i * 7 * 60_000;
    const device = DEVICES[i % 3 === 0 ? 1 : 0];
    position += 1;
    const at = new Date(now - ((i * 7919) % 5) * 60_000).toISOString();
    const code = CODES[(i * i) % CODES.length];
    const data: MessageRejected = {
      ...device,
      topic: `labs/${device.lab}/lampposts/${device.lamppost}/sound`,
      code,
      reason: `reason ${i}`,
      sizeBytes: 10,
      receivedAt: at,
    };
    const event: RecordedEvent = {
      id: `e${position}`,
      streamId: `refusals-${device.lamppost}`,
      type: MESSAGE_REJECTED,
      revision: position,
      position,
      data,
      metadata: {},
      recordedAt: at,
    };
    deviceHealthProjection.apply(db, event);
    kept.push({ position, ...device, code, reason: `reason ${i}`, at });
    const oldest = new Date(Date.parse(at) - REFUSALS_KEPT_MS).toISOString();
    kept = kept.filter(
      (r) => !(r.lab === device.lab && r.lamppost === device.lamppost && r.at < oldest),
    );
  }
  return { db, kept, now };
}

/** What the counts must be: a plain filter of the kept refusals, grouped, sorted. */
function expected(kept: Refusal[], lab: string, lamppost: string, since: string) {
  const byCode = new Map<string, Refusal[]>();
  for (const r of kept) {
    if (r.lab !== lab || r.lamppost !== lamppost || r.at < since) continue;
    byCode.set(r.code, [...(byCode.get(r.code) ?? []), r]);
  }
  return [...byCode.entries()]
    .map(([code, rows]) => {
      const last = rows.reduce((a, b) => (b.position > a.position ? b : a));
      return {
        code,
        count: rows.length,
        latestReason: last.reason,
        latestAt: last.at,
        p: last.position,
      };
    })
    .sort((a, b) => b.count - a.count || b.p - a.p)
    .map(({ p: _, ...view }) => view);
}

describe('device refusal counts (DeviceHealthQuery.refusalCounts)', () => {
  test('equal a plain count of the refusals kept, for windows inside, across and past the week', () => {
    const { db, kept, now } = filledDb();
    const query = new DeviceHealthQuery(db);
    const sinces = [
      now - HOUR,
      now - 24 * HOUR,
      now - 168 * HOUR,
      now - 169 * HOUR,
      now - 400 * HOUR,
      Math.floor((now - 30 * HOUR) / HOUR) * HOUR,
      now + HOUR,
    ].map((ms) => new Date(ms).toISOString());
    let counted = 0;
    for (const { lab, lamppost } of [...DEVICES, { lab: 'delft', lamppost: 'lp-1' }])
      for (const since of sinces) {
        const got = query.refusalCounts(lab, lamppost, since);
        expect({ lamppost, since, got }).toEqual({
          lamppost,
          since,
          got: expected(kept, lab, lamppost, since),
        });
        counted += got.reduce((n, c) => n + c.count, 0);
      }
    // Pruning happened, and the windows saw most of what was kept.
    expect(kept.length).toBeLessThan(9 * 24 * 9);
    expect(counted).toBeGreaterThan(kept.length * 2);
    db.close();
  });

  test('no statement counts more than an hour of refusals row by row', () => {
    const { db, now } = filledDb();
    const { spy, prepared } = recordPrepared(db);
    const query = new DeviceHealthQuery(spy);
    query.refusalCounts('scheveningen', 'lp-1', new Date(now - 168 * HOUR).toISOString());
    expect(prepared.size).toBeGreaterThanOrEqual(2);
    for (const sql of prepared) {
      const names = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]))];
      const params = names.length
        ? [Object.fromEntries(names.map((n) => [n, 'x']))]
        : Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x');
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
      expect({ sql, plan }).toEqual({ sql, plan: expect.not.stringMatching(/^SCAN|\| SCAN/) });
      // Rows of device_refusals: one by position, or the refusals of one hour (bounded both sides).
      if (/FROM device_refusals\b/.test(sql))
        expect({ sql, plan }).toEqual({
          sql,
          plan: expect.stringMatching(/rowid=\?|lab=\? AND lamppost=\? AND at>\? AND at<\?/),
        });
    }
    db.close();
  });
});
