import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { dataDirFiles } from './data-dir.js';
import { HubError } from '@hub/contracts';

/** What the holder of a data dir says about itself, so a refused process can name it. */
export interface DataDirHolder {
  readonly pid: number;
  /** `hub`, `demo`, `hubctl projections rebuild`, ... */
  readonly holder: string;
  readonly since: string;
  readonly httpPort?: number;
  readonly mqttPort?: number;
  readonly mqttsPort?: number;
}

/** Another process holds the data dir: nothing was opened or changed. */
export class DataDirInUseError extends HubError {
  override readonly audience = 'operator';
  readonly code = 'DATA_DIR_IN_USE';
  constructor(
    readonly dataDir: string,
    readonly holder: DataDirHolder | undefined,
  ) {
    super(
      `DATA_DIR_IN_USE: ${dataDir} is in use by ${describeHolder(holder)}. ` +
        'One hub per data dir: stop that process first, or give this one another HUB_DATA_DIR.',
    );
  }
}

function describeHolder(h: DataDirHolder | undefined): string {
  if (!h) return 'another process (it has not said which yet)';
  const ports = [
    h.httpPort !== undefined && `HTTP port ${h.httpPort}`,
    h.mqttPort !== undefined && `MQTT port ${h.mqttPort}`,
    h.mqttsPort !== undefined && `MQTTS port ${h.mqttsPort}`,
  ].filter(Boolean);
  return `${h.holder} (pid ${h.pid}${ports.length ? ', ' + ports.join(', ') : ', ports not bound yet'}, since ${h.since})`;
}

export interface DataDirLock {
  /** Rewrites the holder file (e.g. once the ports are bound). */
  readonly describe: (extra: Partial<Omit<DataDirHolder, 'pid' | 'since' | 'holder'>>) => void;
  readonly release: () => void;
}

function readHolder(file: string): DataDirHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DataDirHolder;
  } catch {
    return undefined;
  }
}

/**
 * Invariant: at most one process has a data dir open for writing. The lock is SQLite's own
 * EXCLUSIVE lock on `hub.lock` (a POSIX fcntl lock underneath), held by a transaction that stays
 * open for the life of the process: the kernel drops it when the process dies, even by kill -9,
 * so it can never go stale, and taking it is atomic, unlike a pid file (check-then-write race)
 * or proper-lockfile (mkdir + mtime: a paused holder looks stale and two processes proceed).
 * POSIX locks belong to the process and are dropped when ANY descriptor of the file is closed
 * in it: so nothing but this module may open `hub.lock` (the holder's details live in a separate
 * file for that reason), and SQLite itself defers its closes while a lock is held.
 */
export function lockDataDir(dataDir: string, holder: string): DataDirLock {
  const files = dataDirFiles(dataDir);
  // timeout 0: refuse at once instead of waiting for the holder (SQLite would retry for 5 s).
  const db = new Database(files.lock, { timeout: 0 });
  try {
    // Nothing is ever written: a journal in memory leaves no `hub.lock-journal` beside it.
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new DataDirInUseError(dataDir, readHolder(files.holder));
    }
    throw error;
  }
  let info: DataDirHolder = { pid: process.pid, holder, since: new Date().toISOString() };
  const write = () => {
    // Written whole and renamed, so a refused process never reads half a file.
    const tmp = `${files.holder}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(info) + '\n', { mode: 0o600 });
    renameSync(tmp, files.holder);
  };
  // Written at once, so a crashed holder's ports are never reported for this one.
  write();
  let released = false;
  return {
    describe: (extra) => {
      info = { ...info, ...extra };
      write();
    },
    release: () => {
      if (released) return;
      released = true;
      rmSync(files.holder, { force: true });
      db.close();
    },
  };
}
