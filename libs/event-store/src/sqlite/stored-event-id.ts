/**
 * Event ids as the log stores them (schema version 3): a canonical lower-case UUID string (every
 * id the hub makes: `randomUUID()` and the name-based ids of `libs/ingest/src/domain/event-ids.ts`)
 * as its 16 bytes, any other string as it is. The mapping is one-to-one (a TEXT value never
 * equals a BLOB in SQLite), so the `(stream, event_id)` index still finds a resend by its id, and
 * every id reads back as the string it was appended with.
 */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type StoredEventId = string | Buffer;

export function toStoredEventId(id: string): StoredEventId {
  return CANONICAL_UUID.test(id) ? Buffer.from(id.replaceAll('-', ''), 'hex') : id;
}

/**
 * How the adapter reads a stored id: SQLite turns the 16 bytes into 32 hex digits (a BLOB column
 * would come back as a Node Buffer, which cost about 1 us a row to allocate and format: twice
 * the whole read of a row without it), a flag column says which rows hold bytes, and
 * `uuidFromHex` puts the dashes in.
 */
export const EVENT_ID_READ_SQL = "iif(typeof(event_id) = 'blob', lower(hex(event_id)), event_id)";
export const EVENT_ID_IS_UUID_SQL = "typeof(event_id) = 'blob'";

export function uuidFromHex(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The same decoding in SQL, for the `events` view that auditors and tests read with sqlite3:
 * `column` is the stored value.
 */
export function eventIdSql(column: string): string {
  const part = (from: number, length?: number) =>
    `substr(hex(${column}), ${from}${length === undefined ? '' : `, ${length}`})`;
  return `CASE typeof(${column}) WHEN 'blob' THEN lower(${part(1, 8)} || '-' || ${part(9, 4)} || '-' || ${part(13, 4)} || '-' || ${part(17, 4)} || '-' || ${part(21)}) ELSE ${column} END`;
}
