import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export interface DiskFigures {
  /** (log + read models) / readings, after a WAL checkpoint. */
  readonly bytesPerReading: number;
  readonly logBytes: number;
  readonly readModelBytes: number;
  /** Mean length of a `ReadingRecorded` event's JSON data. */
  readonly readingJsonBytes: number;
  /** Bytes per reading of each table and index (SQLite's dbstat), by file. */
  readonly bytesByTable: Record<string, number>;
}

const size = (file: string): number => (existsSync(file) ? statSync(file).size : 0);

/** Checkpoints (TRUNCATE) one stopped database's WAL and returns its size on disk. */
function checkpointed(file: string): number {
  const db = new BetterSqlite3(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return size(file) + size(`${file}-wal`);
}

/** Bytes of every table and index of `file` (pages in use), divided by `per`. */
function byTable(file: string, prefix: string, per: number): Record<string, number> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')
      .all() as { name: string; bytes: number }[];
    return Object.fromEntries(
      rows
        .filter((r) => r.bytes / per >= 0.5)
        .map((r) => [`${prefix}:${r.name}`, Number((r.bytes / per).toFixed(1))]),
    );
  } finally {
    db.close();
  }
}

/** Disk per reading of a stopped hub's data dir: the figures `bench:boot` prints. */
export function checkpointAndMeasure(dataDir: string, readings: number): DiskFigures {
  const events = join(dataDir, 'events.sqlite');
  const readModels = join(dataDir, 'read-models.sqlite');
  const logBytes = checkpointed(events);
  const readModelBytes = checkpointed(readModels);
  const db = new BetterSqlite3(events, { readonly: true });
  let readingJsonBytes = 0;
  try {
    const row = db
      .prepare("SELECT avg(length(data)) AS n FROM events WHERE type = 'ReadingRecorded'")
      .get() as { n: number | null };
    readingJsonBytes = Math.round(row.n ?? 0);
  } finally {
    db.close();
  }
  return {
    bytesPerReading: Math.round((logBytes + readModelBytes) / readings),
    logBytes,
    readModelBytes,
    readingJsonBytes,
    bytesByTable: { ...byTable(events, 'log', readings), ...byTable(readModels, 'rm', readings) },
  };
}
