import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { HubLogger } from '@hub/contracts';
import { StoreUnavailableError } from '../port/errors.js';
import { migrate } from './sqlite-schema.js';

/** Page cache of the store's connection, in KiB. */
export const CACHE_KIB = 65536;

export type SynchronousMode = 'NORMAL' | 'FULL';

export interface OpenDatabaseOptions {
  readonly file: string;
  readonly synchronous: SynchronousMode;
  readonly busyTimeoutMs: number;
  /** Told of a layout upgrade of an older file, and how far it is. */
  readonly logger?: HubLogger;
}

/**
 * Opens the log file, switches it to WAL and brings the schema up to date. Any failure here
 * (corrupt file, not a database, no permission) becomes a `StoreUnavailableError` that names the
 * file and what to do: the hub must stop at boot rather than write to a damaged log.
 */
export function openDatabase(options: OpenDatabaseOptions): Database {
  const { file } = options;
  let db: Database | undefined;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    db = new BetterSqlite3(file, { timeout: options.busyTimeoutMs });
    // The first statement reads the header: a corrupt or foreign file fails here.
    // Retention frees pages; incremental vacuum gives them back without rewriting the file.
    // (Takes effect only on a new file, so it must come before WAL mode writes the header.)
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous}`);
    // Event ids are random UUIDs: their index is written at random pages. A page cache of
    // 64 MiB (default 2 MiB) keeps those pages in memory instead of re-reading them per commit.
    db.pragma(`cache_size = -${CACHE_KIB}`);
    migrate(db, options.logger);
    // Cheap sanity check of the structure the store relies on (not a full integrity check).
    db.prepare('SELECT max(position) FROM event_rows').get();
    return db;
  } catch (cause) {
    db?.close();
    throw new StoreUnavailableError(describeOpenFailure(file, cause), { cause });
  }
}

function describeOpenFailure(file: string, cause: unknown): string {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const code = (cause as { code?: unknown } | null)?.code;
  const permission = code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'EACCES';
  const advice = permission
    ? 'check that the file and its directory exist and are readable and writable by the hub user'
    : 'the file is damaged or is not an event store: restore it from a backup, or move it aside to start an empty log (the hub never overwrites it)';
  return `event store file "${file}" cannot be opened (${reason}); ${advice}`;
}
