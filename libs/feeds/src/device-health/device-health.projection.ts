import type { Database } from 'better-sqlite3';
import type { Projection } from '@hub/event-store';
import {
  DEVICE_CONNECTED,
  DEVICE_CONNECTION_CLOSED,
  MESSAGE_REJECTED,
  NODE_CONNECTIONS_CLOSED,
  type DeviceConnected,
  type DeviceConnectionClosed,
  type MessageRejected,
  type NodeConnectionsClosed,
} from '@hub/contracts';
import { statement } from '../read-model/statement-cache.js';

/** Refusals older than this (by the time they were received) leave the read model. */
export const REFUSALS_KEPT_MS = 7 * 24 * 3600 * 1000;

const CONNECTED = `INSERT INTO device_presence (lab, lamppost, node, connected, connected_at)
  VALUES (?, ?, ?, 1, ?)
  ON CONFLICT (lab, lamppost, node) DO UPDATE SET connected = 1, connected_at = excluded.connected_at`;
const CLOSED = `INSERT INTO device_presence (lab, lamppost, node, connected, closed_at)
  VALUES (?, ?, ?, 0, ?)
  ON CONFLICT (lab, lamppost, node) DO UPDATE SET connected = 0, closed_at = excluded.closed_at`;
const NODE_CLOSED = `UPDATE device_presence SET connected = 0, closed_at = ? WHERE node = ? AND connected = 1`;
const REFUSED = `INSERT INTO device_refusals (position, lab, lamppost, code, reason, field, topic, seq, at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const PRUNE = `DELETE FROM device_refusals WHERE lab = ? AND lamppost = ? AND at < ?`;
/** The hour of a refusal as `device_refusal_hours` keys it: `YYYY-MM-DDTHH` of its `at`. */
export const refusalHour = (at: string): string => at.slice(0, 13);
/** The hour after `hour` (`YYYY-MM-DDTHH`): every time inside `hour` sorts before it. */
export const nextRefusalHour = (hour: string): string =>
  refusalHour(new Date(Date.parse(`${hour}:00:00.000Z`) + 3_600_000).toISOString());
const COUNTED = `INSERT INTO device_refusal_hours (lab, lamppost, code, hour, n, last_position)
  VALUES (?, ?, ?, ?, 1, ?)
  ON CONFLICT (lab, lamppost, code, hour) DO UPDATE SET
    n = n + 1, last_position = max(last_position, excluded.last_position)`;
/** The hours a prune is about to touch: those of the rows older than the limit. */
const PRUNED_HOURS = `SELECT DISTINCT substr(at, 1, 13) AS hour FROM device_refusals
  WHERE lab = ? AND lamppost = ? AND at < ?`;
const FORGET_HOUR = `DELETE FROM device_refusal_hours WHERE lab = ? AND lamppost = ? AND hour = ?`;
/** One hour counted again from the rows that are left (at most an hour of one device's). */
const RECOUNT_HOUR = `INSERT INTO device_refusal_hours (lab, lamppost, code, hour, n, last_position)
  SELECT lab, lamppost, code, @hour, count(*), max(position) FROM device_refusals
  WHERE lab = @lab AND lamppost = @lamppost AND at >= @hour AND at < @next
    AND substr(at, 1, 13) = @hour
  GROUP BY code`;

/**
 * Device health from the log: which node holds a connection of each device (presence events,
 * libs/contracts/src/presence-events.ts) and the recent refusals with their reasons
 * (MessageRejected).
 * "Online" is any node with `connected = 1`; a node's NodeConnectionsClosed (written when it
 * starts and when it stops) closes every row of that node. Readings are not read here: last seen
 * comes from `latest_readings`, so this projection adds no work per stored reading.
 * `device_refusal_hours` counts the rows of `device_refusals` per device, code and hour (and the
 * newest position of each), kept equal to them when old rows are pruned, so that counting a
 * device's refusals of the last days reads hours, not every refusal (device-health-query.ts).
 */
export const deviceHealthProjection: Projection = {
  name: 'device-health',
  // 2: refusals counted per hour (device_refusal_hours).
  version: 2,
  eventTypes: [
    DEVICE_CONNECTED,
    DEVICE_CONNECTION_CLOSED,
    NODE_CONNECTIONS_CLOSED,
    MESSAGE_REJECTED,
  ],
  setup(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS device_presence (
        lab          TEXT NOT NULL,
        lamppost     TEXT NOT NULL,
        node         TEXT NOT NULL,
        connected    INTEGER NOT NULL,
        connected_at TEXT,
        closed_at    TEXT,
        PRIMARY KEY (lab, lamppost, node)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS device_presence_node ON device_presence (node, connected);
      CREATE TABLE IF NOT EXISTS device_refusals (
        position INTEGER PRIMARY KEY,
        lab      TEXT NOT NULL,
        lamppost TEXT NOT NULL,
        code     TEXT NOT NULL,
        reason   TEXT,
        field    TEXT,
        topic    TEXT NOT NULL,
        seq      INTEGER,
        at       TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS device_refusals_device ON device_refusals (lab, lamppost, position);
      CREATE INDEX IF NOT EXISTS device_refusals_age ON device_refusals (lab, lamppost, at);
      CREATE TABLE IF NOT EXISTS device_refusal_hours (
        lab           TEXT NOT NULL,
        lamppost      TEXT NOT NULL,
        code          TEXT NOT NULL,
        hour          TEXT NOT NULL,
        n             INTEGER NOT NULL,
        last_position INTEGER NOT NULL,
        PRIMARY KEY (lab, lamppost, code, hour)
      ) WITHOUT ROWID;
    `);
  },
  apply(db, event) {
    switch (event.type) {
      case DEVICE_CONNECTED: {
        const e = event.data as DeviceConnected;
        statement(db, CONNECTED).run(e.lab, e.lamppost, e.node, e.at);
        return;
      }
      case DEVICE_CONNECTION_CLOSED: {
        const e = event.data as DeviceConnectionClosed;
        statement(db, CLOSED).run(e.lab, e.lamppost, e.node, e.at);
        return;
      }
      case NODE_CONNECTIONS_CLOSED: {
        const e = event.data as NodeConnectionsClosed;
        statement(db, NODE_CLOSED).run(e.at, e.node);
        return;
      }
      case MESSAGE_REJECTED: {
        const e = event.data as MessageRejected;
        statement(db, REFUSED).run(
          event.position,
          e.lab,
          e.lamppost,
          e.code,
          e.reason ?? null,
          e.field ?? null,
          e.topic,
          e.seq ?? null,
          e.receivedAt,
        );
        statement(db, COUNTED).run(
          e.lab,
          e.lamppost,
          e.code,
          refusalHour(e.receivedAt),
          event.position,
        );
        const oldest = new Date(Date.parse(e.receivedAt) - REFUSALS_KEPT_MS).toISOString();
        prune(db, e.lab, e.lamppost, oldest);
        return;
      }
    }
  },
  reset(db) {
    db.exec(
      `DROP TABLE IF EXISTS device_presence; DROP TABLE IF EXISTS device_refusals;
       DROP TABLE IF EXISTS device_refusal_hours;`,
    );
    this.setup(db);
  },
};

/** Removes a device's refusals older than `oldest`, and counts the hours they were in again. */
function prune(db: Database, lab: string, lamppost: string, oldest: string): void {
  const hours = statement(db, PRUNED_HOURS).all(lab, lamppost, oldest) as { hour: string }[];
  if (hours.length === 0) return;
  statement(db, PRUNE).run(lab, lamppost, oldest);
  for (const { hour } of hours) {
    statement(db, FORGET_HOUR).run(lab, lamppost, hour);
    statement(db, RECOUNT_HOUR).run({ lab, lamppost, hour, next: nextRefusalHour(hour) });
  }
}
