import type { Database } from 'better-sqlite3';
import type { Projection } from '@hub/event-store';
import {
  RULE_VERSION_STAMP_TYPES,
  type ResolvedRuleVersion,
  type RuleVersions,
  type RuleVersionStamped,
} from '@hub/contracts';
import { resolveRuleVersion, type RuleSet } from '@hub/privacy';
import { statement } from './statement-cache.js';

/**
 * Every stamped rule version of the governance log, so the reading projections resolve compact
 * readings (decision 0013). First in FEED_PROJECTIONS: the runner applies each event to the
 * projections in their order, and a version is stamped before any reading names it, so a
 * reading's version is here when the projections after this one apply the reading. A table, not
 * memory, so a restart or a rebuild of one projection finds the versions before its checkpoint.
 */
export const ruleVersionsProjection: Projection = {
  name: 'rule-versions',
  version: 1,
  eventTypes: RULE_VERSION_STAMP_TYPES,
  setup(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS rule_versions (
        lab          TEXT NOT NULL,
        version      INTEGER NOT NULL,
        hash         TEXT NOT NULL,
        content_json TEXT NOT NULL,
        PRIMARY KEY (lab, version)
      ) WITHOUT ROWID;
    `);
  },
  apply(db, event) {
    const v = event.data as RuleVersionStamped;
    statement(
      db,
      `INSERT OR IGNORE INTO rule_versions (lab, version, hash, content_json) VALUES (?, ?, ?, ?)`,
    ).run(v.lab, v.version, v.hash, JSON.stringify(v.content));
  },
  reset(db) {
    // A copy of the log's stamps: replaying them inserts the same rows, so nothing is dropped
    // (a projection rebuilt alone still finds the versions before its checkpoint).
    this.setup(db);
  },
};

const books = new WeakMap<Database, RuleVersions>();

/** The rule versions of `db`'s `rule_versions` table, cached per connection (they never change). */
export function ruleVersionsIn(db: Database): RuleVersions {
  let book = books.get(db);
  if (!book) {
    const cache = new Map<string, ResolvedRuleVersion | undefined>();
    book = {
      resolve(lab, id, version) {
        const key = `${lab}\0${version}`;
        let found = cache.get(key);
        if (!found) {
          const row = statement(
            db,
            'SELECT hash, content_json FROM rule_versions WHERE lab = ? AND version = ?',
          ).get(lab, version) as { hash: string; content_json: string } | undefined;
          found = row && resolveRuleVersion(JSON.parse(row.content_json) as RuleSet, row.hash);
          if (found) cache.set(key, found);
        }
        return found?.stamp.id === id ? found : undefined;
      },
    };
    books.set(db, book);
  }
  return book;
}
