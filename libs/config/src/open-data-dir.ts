import { mkdirSync } from 'node:fs';
import { DataDirInUseError, lockDataDir, type DataDirHolder } from './data-dir-lock.js';
import {
  DataDirNotPrivateError,
  makeDataDirPrivate,
  PRIVATE_DIR_MODE,
  type TightenedMode,
} from './data-dir-modes.js';

/** A process's hold on a data dir: opened, locked and private. */
export interface DataDirLease {
  readonly dataDir: string;
  /** Entries whose modes were looser than 0700/0600 and were tightened (for a warning). */
  readonly tightened: readonly TightenedMode[];
  /** Publishes the holder's ports once bound, so a refused process can name them. */
  readonly describe: (extra: Partial<Omit<DataDirHolder, 'pid' | 'since' | 'holder'>>) => void;
  readonly release: () => void;
}

/**
 * The one door to a data dir for every process that writes it (the hub, the demo through the
 * hub, hubctl's offline commands). In this order, before any store is opened:
 * 1. umask 077, so every file this process creates later (SQLite's -wal and -shm included,
 *    which also copy the database file's mode) is owner-only;
 * 2. the folder, created 0700 if missing;
 * 3. the exclusive lock (DataDirInUseError if held: nothing else is touched);
 * 4. modes of what is already there made private (DataDirNotPrivateError if impossible).
 */
export function openDataDir(dataDir: string, holder: string): DataDirLease {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const lock = lockDataDir(dataDir, holder);
  try {
    const tightened = makeDataDirPrivate(dataDir);
    return { dataDir, tightened, describe: lock.describe, release: lock.release };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** A refusal to open a data dir whose message says all (code, holder or path): print it, no stack. */
export const isDataDirRefusal = (
  error: unknown,
): error is DataDirInUseError | DataDirNotPrivateError =>
  error instanceof DataDirInUseError || error instanceof DataDirNotPrivateError;
