import Database from 'better-sqlite3';

/**
 * Opens the feeds' read-model database. It is a cache of the log (rebuilt from it at will), so
 * `synchronous=NORMAL` is enough: the checkpoint commits with the rows it covers.
 */
export function openReadModelDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}
