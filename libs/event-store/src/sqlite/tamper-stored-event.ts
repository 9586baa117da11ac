import BetterSqlite3 from 'better-sqlite3';

// Test support: what someone with disk access can do to a stored event, done to the real table
// (`event_rows`; the `events` view that sqlite3 users read is not writable). Tests of the rule
// history's hash chain use it to show that an edit or a deletion is detected.

const WHERE_EVENT = 'stream = (SELECT id FROM streams WHERE stream_id = ?) AND revision = ?';

/** Rewrites the JSON data of the event at (`streamId`, `revision`) in the log file `file`. */
export function editStoredEventData(
  file: string,
  streamId: string,
  revision: number,
  edit: (data: Record<string, unknown>) => void,
): void {
  const db = new BetterSqlite3(file);
  try {
    const row = db
      .prepare(`SELECT data FROM event_rows WHERE ${WHERE_EVENT}`)
      .get(streamId, revision) as { data: string } | undefined;
    if (!row) throw new Error(`no event at revision ${revision} of "${streamId}" in ${file}`);
    const data = JSON.parse(row.data) as Record<string, unknown>;
    edit(data);
    db.prepare(`UPDATE event_rows SET data = ? WHERE ${WHERE_EVENT}`).run(
      JSON.stringify(data),
      streamId,
      revision,
    );
  } finally {
    db.close();
  }
}

/** Deletes the event at (`streamId`, `revision`); returns how many rows went (0 or 1). */
export function deleteStoredEvent(file: string, streamId: string, revision: number): number {
  const db = new BetterSqlite3(file);
  try {
    return db.prepare(`DELETE FROM event_rows WHERE ${WHERE_EVENT}`).run(streamId, revision)
      .changes;
  } finally {
    db.close();
  }
}
