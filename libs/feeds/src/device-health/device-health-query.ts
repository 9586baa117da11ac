import type { Database } from 'better-sqlite3';
import { statement } from '../read-model/statement-cache.js';
import { nextRefusalHour, refusalHour } from './device-health.projection.js';

export interface PresenceView {
  readonly online: boolean;
  /** Since when the device is online (its oldest open connection) or offline (its last close). */
  readonly since: string | undefined;
  readonly lastConnectedAt: string | undefined;
  readonly lastDisconnectedAt: string | undefined;
  /** The nodes that hold a connection now. */
  readonly nodes: readonly string[];
  /** The newest `observedAt` among its stored readings (the last accepted message). */
  readonly lastSeen: string | undefined;
}

export interface RefusalCountView {
  readonly code: string;
  readonly count: number;
  readonly latestReason: string | undefined;
  readonly latestAt: string;
}

export interface RefusalView {
  readonly code: string;
  readonly reason: string | undefined;
  readonly field: string | undefined;
  readonly topic: string;
  readonly seq: number | undefined;
  readonly at: string;
}

interface PresenceRow {
  node: string;
  connected: number;
  connected_at: string | null;
  closed_at: string | null;
}

interface CodeCount {
  code: string;
  n: number;
  p: number;
}

interface RefusalRow {
  code: string;
  reason: string | null;
  field: string | null;
  topic: string;
  seq: number | null;
  at: string;
}

const newest = (values: readonly (string | null)[]): string | undefined =>
  values
    .filter((v): v is string => v !== null)
    .sort()
    .at(-1);

/** Reads of the device-health read model (device-health.projection.ts) and `latest_readings`. */
export class DeviceHealthQuery {
  constructor(private readonly db: Database) {}

  presence(lab: string, lamppost: string): PresenceView {
    const rows = statement(
      this.db,
      'SELECT node, connected, connected_at, closed_at FROM device_presence WHERE lab = ? AND lamppost = ?',
    ).all(lab, lamppost) as PresenceRow[];
    const open = rows.filter((r) => r.connected === 1);
    const lastConnectedAt = newest(rows.map((r) => r.connected_at));
    const lastDisconnectedAt = newest(rows.map((r) => r.closed_at));
    const { seen } = statement(
      this.db,
      'SELECT max(observed_at) AS seen FROM latest_readings WHERE lab = ? AND lamppost = ?',
    ).get(lab, lamppost) as { seen: string | null };
    return {
      online: open.length > 0,
      since:
        open.length > 0
          ? open.map((r) => r.connected_at ?? '').sort()[0] || undefined
          : lastDisconnectedAt,
      lastConnectedAt,
      lastDisconnectedAt,
      nodes: open.map((r) => r.node).sort(),
      lastSeen: seen ?? undefined,
    };
  }

  /**
   * Refusals received since `since`, per code, most frequent first, each with its latest reason.
   * The hours after `since`'s hour come from `device_refusal_hours` (at most a week of hours per
   * code); only `since`'s own hour is counted row by row: a device's week of refusals (up to
   * 201,600) was counted one by one on every call.
   */
  refusalCounts(lab: string, lamppost: string, since: string): RefusalCountView[] {
    const hour = refusalHour(since);
    const partial = statement(
      this.db,
      `SELECT code, count(*) AS n, max(position) AS p FROM device_refusals
       WHERE lab = @lab AND lamppost = @lamppost AND at >= @since AND at < @next
         AND substr(at, 1, 13) = @hour
       GROUP BY code`,
    ).all({ lab, lamppost, since, hour, next: nextRefusalHour(hour) }) as CodeCount[];
    const whole = statement(
      this.db,
      `SELECT code, sum(n) AS n, max(last_position) AS p FROM device_refusal_hours
       WHERE lab = ? AND lamppost = ? AND hour > ? GROUP BY code`,
    ).all(lab, lamppost, hour) as CodeCount[];
    const counts = new Map<string, CodeCount>();
    for (const c of [...partial, ...whole]) {
      const seen = counts.get(c.code);
      counts.set(c.code, seen ? { code: c.code, n: seen.n + c.n, p: Math.max(seen.p, c.p) } : c);
    }
    const latest = statement(this.db, 'SELECT reason, at FROM device_refusals WHERE position = ?');
    return [...counts.values()]
      .sort((a, b) => b.n - a.n || b.p - a.p)
      .flatMap((c) => {
        const row = latest.get(c.p) as Pick<RefusalRow, 'reason' | 'at'> | undefined;
        if (row === undefined) return [];
        return [
          { code: c.code, count: c.n, latestReason: row.reason ?? undefined, latestAt: row.at },
        ];
      });
  }

  /** The latest `first` refusals, newest first. */
  recent(lab: string, lamppost: string, first: number): RefusalView[] {
    const rows = statement(
      this.db,
      `SELECT code, reason, field, topic, seq, at FROM device_refusals
       WHERE lab = ? AND lamppost = ? ORDER BY position DESC LIMIT ?`,
    ).all(lab, lamppost, first) as RefusalRow[];
    return rows.map((r) => ({
      code: r.code,
      reason: r.reason ?? undefined,
      field: r.field ?? undefined,
      topic: r.topic,
      seq: r.seq ?? undefined,
      at: r.at,
    }));
  }
}
