import type { Database } from 'better-sqlite3';
import type { Projection, RecordedEvent } from '@hub/event-store';
import { READING_RECORDED, decodeReading } from '@hub/contracts';
import {
  DICTIONARIES_SQL,
  DROP_DICTIONARIES_SQL,
  DictionaryWriter,
} from './reading-dictionaries.js';
import { READINGS_TABLE_SQL, storeReading } from './readings-table.js';
import { ruleVersionsIn } from './rule-versions.projection.js';

/**
 * Read model of every stored reading, keyed by log position, for history queries. Fed by the
 * projection runner; its checkpoint is committed in the same transaction as these rows and the
 * dictionary entries they refer to.
 */
export const readingsProjection: Projection = {
  name: 'readings',
  // 2: audience, rule provenance, transforms and interval.
  // 3: names and provenance as numbers into dictionaries, times as epoch ms (decision 0017).
  // Each version is rebuilt from the log on upgrade.
  version: 3,
  eventTypes: [READING_RECORDED],
  setup(db: Database): void {
    db.exec(DICTIONARIES_SQL + READINGS_TABLE_SQL);
  },
  apply(db: Database, event: RecordedEvent): void {
    if (event.type !== READING_RECORDED) return;
    storeReading(db, event.position, decodeReading(event, ruleVersionsIn(db)));
  },
  reset(db: Database): void {
    // The tables' shape follows the version: drop them, setup() creates the current ones.
    db.exec(`DROP TABLE IF EXISTS readings; ${DROP_DICTIONARIES_SQL}`);
    DictionaryWriter.forget(db);
    this.setup(db);
  },
};
