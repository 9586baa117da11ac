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

/**
 * Device health from the log: which node holds a connection of each device (presence events,
 * libs/contracts/src/presence-events.ts) and the recent refusals with their reasons
 * (MessageRejected).
 * "Online" is any node with `connected = 1`; a node's NodeConnectionsClosed (written when it
 * starts and when it stops) closes every row of that node. Readings are not read here: last seen
 * comes from `latest_readings`, so this projection adds no work per stored reading.
 */
export const deviceHealthProjection: Projection = {
  name: 'device-health',
  version: 1,
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
        const oldest = new Date(Date.parse(e.receivedAt) - REFUSALS_KEPT_MS).toISOString();
        statement(db, PRUNE).run(e.lab, e.lamppost, oldest);
        return;
      }
    }
  },
  reset(db) {
    db.exec('DROP TABLE IF EXISTS device_presence; DROP TABLE IF EXISTS device_refusals;');
    this.setup(db);
  },
};
