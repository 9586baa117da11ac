import type { PoolClient } from 'pg';
import { StoreUnavailableError } from '../port/errors.js';
import { EVENT_COLUMNS } from './postgres-rows.js';

/** Bumped when the layout changes; every applied version is a row of `event_store_schema`. */
export const SCHEMA_VERSION = 2;

/** Any constant: the advisory lock that keeps two hubs from migrating the same database at once. */
const MIGRATION_LOCK = 0x68756273; // "hubs"

/**
 * - `event_log.position` is assigned from the single row of `event_log_head`, locked and updated
 *   inside the appending transaction: appenders (of every process) are serialised, so positions
 *   commit in order and a reader that saw position p has seen every position below p. (A
 *   sequence/bigserial hands out numbers at INSERT time and transactions can commit out of
 *   order: a reader could pass a position that commits later.)
 * - `event_log_head.head` only grows (retention appends its record after deleting), so
 *   positions are never reused and the head is the newest committed position.
 * - `event_streams.revision` survives retention (a stream whose events all expired keeps it).
 * - `data`/`metadata` are `json` (stored as written, validated by the server).
 * - Version 2: `event_log_type_position`, so that a read of a few types (the services that load
 *   at boot) finds their rows without scanning the log (`readAllSql`).
 */
const MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE IF NOT EXISTS event_log (
       position    bigint      PRIMARY KEY,
       stream_id   text        NOT NULL,
       revision    bigint      NOT NULL,
       event_id    text        NOT NULL,
       type        text        NOT NULL,
       data        json        NOT NULL,
       metadata    json,
       recorded_at timestamptz NOT NULL
     )`,
    'CREATE UNIQUE INDEX IF NOT EXISTS event_log_stream_revision ON event_log (stream_id, revision)',
    'CREATE UNIQUE INDEX IF NOT EXISTS event_log_stream_event_id ON event_log (stream_id, event_id)',
    `CREATE TABLE IF NOT EXISTS event_streams (
       stream_id text    PRIMARY KEY,
       revision  bigint  NOT NULL,
       max_age   integer,
       max_count integer
     )`,
    `CREATE TABLE IF NOT EXISTS event_log_head (
       id   integer PRIMARY KEY CHECK (id = 1),
       head bigint  NOT NULL
     )`,
    'INSERT INTO event_log_head (id, head) VALUES (1, 0) ON CONFLICT (id) DO NOTHING',
  ],
  ['CREATE INDEX IF NOT EXISTS event_log_type_position ON event_log (type, position)'],
];

/**
 * Creates or upgrades the tables in one transaction under an advisory lock: idempotent, and safe
 * when several hubs connect to a fresh database at the same moment.
 */
export async function migrate(client: PoolClient, shownUrl: string): Promise<void> {
  // Up to date: nothing to write (a read-only replica or session opens too).
  if ((await currentVersion(client, shownUrl)) === SCHEMA_VERSION) return;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS event_store_schema (
         version    integer     PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const current = await currentVersion(client, shownUrl);
    for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
      for (const statement of MIGRATIONS[version - 1]) await client.query(statement);
      await client.query('INSERT INTO event_store_schema (version) VALUES ($1)', [version]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Highest applied version (0: no schema yet); refuses a log written by a newer hub. */
async function currentVersion(client: PoolClient, shownUrl: string): Promise<number> {
  const table = await client.query<{ present: boolean }>(
    "SELECT to_regclass('event_store_schema') IS NOT NULL AS present",
  );
  if (!table.rows[0]?.present) return 0;
  const { rows } = await client.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM event_store_schema',
  );
  const current = rows[0]?.version ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new StoreUnavailableError(
      `the event log at "${shownUrl}" has schema version ${current}, newer than this hub understands (${SCHEMA_VERSION}); upgrade the hub`,
    );
  }
  return current;
}

/**
 * A `$all` page; parameters: the exclusive cursor, the limit, then (`typed`) the types as a text
 * array. With `typed`, the planner can take rare types from `event_log_type_position`.
 */
export const readAllSql = (backwards: boolean, typed: boolean): string =>
  `SELECT ${EVENT_COLUMNS} FROM event_log
   WHERE position ${backwards ? '<' : '>'} $1 ${typed ? 'AND type = ANY($3::text[])' : ''}
   ORDER BY position ${backwards ? 'DESC' : 'ASC'}
   LIMIT $2`;
