import type { Database } from 'better-sqlite3';
import { silentLogger, type HubLogger } from '@hub/contracts';
import { INDEXES_DDL, SCHEMA_VERSION, TABLES_DDL, VIEW_DDL } from './sqlite-layout.js';
import { rewriteToVersion3 } from './sqlite-rewrite-to-v3.js';

export { SCHEMA_VERSION } from './sqlite-layout.js';

/**
 * Brings the file to `SCHEMA_VERSION`: a new file gets the layout, a version 1 or 2 log is
 * rewritten (`rewriteToVersion3`), a newer one is refused (an older hub must not write it).
 */
export function migrate(db: Database, logger: HubLogger = silentLogger): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `schema version ${version} is newer than this hub understands (${SCHEMA_VERSION}); upgrade the hub`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  // Versions 1 and 2 kept the strings in a table named `events`; a new file has no table.
  const before = db
    .prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'events'")
    .get();
  if (before) {
    rewriteToVersion3(db, logger);
    return;
  }
  db.transaction(() => {
    db.exec(TABLES_DDL + INDEXES_DDL + VIEW_DDL);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
