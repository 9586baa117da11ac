import type { Projection } from '@hub/event-store';
import {
  DEVICE_PROVISIONED,
  LAMPPOST_DECOMMISSIONED,
  LAMPPOST_POSITION_SET,
  type DeviceCredentialsIssued,
  type LamppostPositionSet,
} from '@hub/contracts';
import { statement } from './statement-cache.js';

/**
 * The registered lampposts of each lab and where they stand (WGS84), from the registry's
 * events: a lamppost is on the map from its provisioning, before its first reading, and leaves
 * it when decommissioned. Positions were validated by the registry before they were logged.
 */
export const lamppostPlacesProjection: Projection = {
  name: 'lamppost-places',
  version: 1,
  eventTypes: [DEVICE_PROVISIONED, LAMPPOST_POSITION_SET, LAMPPOST_DECOMMISSIONED],
  setup(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS lamppost_places (
        lab            TEXT NOT NULL,
        lamppost       TEXT NOT NULL,
        lat            REAL,
        lon            REAL,
        decommissioned INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (lab, lamppost)
      ) WITHOUT ROWID;
    `);
  },
  apply(db, event) {
    switch (event.type) {
      case DEVICE_PROVISIONED: {
        const d = event.data as DeviceCredentialsIssued;
        statement(
          db,
          `INSERT INTO lamppost_places (lab, lamppost, lat, lon) VALUES (?, ?, ?, ?)
           ON CONFLICT (lab, lamppost) DO UPDATE SET lat = excluded.lat, lon = excluded.lon`,
        ).run(d.lab, d.lamppost, d.position?.lat ?? null, d.position?.lon ?? null);
        return;
      }
      case LAMPPOST_POSITION_SET: {
        const p = event.data as LamppostPositionSet;
        statement(
          db,
          `INSERT INTO lamppost_places (lab, lamppost, lat, lon) VALUES (?, ?, ?, ?)
           ON CONFLICT (lab, lamppost) DO UPDATE SET lat = excluded.lat, lon = excluded.lon`,
        ).run(p.lab, p.lamppost, p.position.lat, p.position.lon);
        return;
      }
      case LAMPPOST_DECOMMISSIONED: {
        const d = event.data as { lab: string; lamppost: string };
        statement(
          db,
          'UPDATE lamppost_places SET decommissioned = 1 WHERE lab = ? AND lamppost = ?',
        ).run(d.lab, d.lamppost);
        return;
      }
    }
  },
  reset(db) {
    db.exec('DROP TABLE IF EXISTS lamppost_places');
    this.setup(db);
  },
};
