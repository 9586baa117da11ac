import { openSync, readSync, closeSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { scanForRawData, summariseFindings, type ScanFinding } from '@hub/privacy';

export interface DataDirScan {
  readonly dataDir: string;
  readonly filesScanned: number;
  readonly bytesScanned: number;
  readonly valuesScanned: number;
  readonly total: number;
  readonly bySignature: ReturnType<typeof summariseFindings>;
  readonly findings: readonly ScanFinding[];
}

const SQLITE_HEADER = 'SQLite format 3\0';
/** Findings listed in full (the counts always cover all of them). */
const MAX_LISTED = 200;

function isSqlite(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** Every text and blob value of every table, scanned with its table, row and column as location. */
function scanSqliteValues(file: string, label: string, out: ScanFinding[]): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let values = 0;
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    for (const table of tables) {
      const quoted = `"${table.replaceAll('"', '""')}"`;
      for (const row of db.prepare(`SELECT * FROM ${quoted}`).iterate() as Iterable<
        Record<string, unknown>
      >) {
        for (const [column, value] of Object.entries(row)) {
          if (typeof value !== 'string' && !Buffer.isBuffer(value)) continue;
          values++;
          out.push(...scanForRawData(value, `${label}#${table}.${column}`));
        }
      }
    }
  } finally {
    db.close();
  }
  return values;
}

/**
 * The compliance scan: looks for raw-data signatures (image and audio magic numbers, long base64
 * or binary runs, MAC addresses, licence plates) in every file under the data dir. SQLite files
 * are scanned value by value, and their raw bytes (free pages, WAL) for everything but binary runs,
 * since database pages are binary by nature.
 */
export function scanDataDir(dataDir: string): DataDirScan {
  const findings: ScanFinding[] = [];
  let filesScanned = 0;
  let bytesScanned = 0;
  let valuesScanned = 0;
  for (const file of walk(dataDir)) {
    const label = relative(dataDir, file);
    const bytes = readFileSync(file);
    filesScanned++;
    bytesScanned += statSync(file).size;
    const sqliteFamily = /\.sqlite(-wal|-shm|-journal)?$/.test(file);
    if (sqliteFamily && isSqlite(file)) valuesScanned += scanSqliteValues(file, label, findings);
    const raw = scanForRawData(bytes, label);
    findings.push(...(sqliteFamily ? raw.filter((f) => f.signature !== 'binary-run') : raw));
  }
  return {
    dataDir,
    filesScanned,
    bytesScanned,
    valuesScanned,
    total: findings.length,
    bySignature: summariseFindings(findings),
    findings: findings.slice(0, MAX_LISTED),
  };
}
