import type { RecordedEvent } from '../port/event.js';
import type { SqliteNameIds } from './sqlite-name-ids.js';
import { EVENT_ID_IS_UUID_SQL, EVENT_ID_READ_SQL, uuidFromHex } from './stored-event-id.js';

/** Column order of every `event_rows` INSERT. */
export const STORED_COLUMNS =
  'position, stream, revision, event_id, type, data, metadata, recorded_at';

/**
 * Column order of every `event_rows` SELECT (rows are read with `.raw()` to skip per-row
 * objects): the stored columns, the event id as text (see `EVENT_ID_READ_SQL`) and whether it
 * was stored as a UUID's bytes.
 */
export const READ_COLUMNS = `position, stream, revision, ${EVENT_ID_READ_SQL}, type, data, metadata, recorded_at, ${EVENT_ID_IS_UUID_SQL}`;

/** A row as read from `event_rows` (schema version 3): ids of the stream and type. */
export type StoredRow = [
  position: number,
  stream: number,
  revision: number,
  /** The id as appended, or the 32 hex digits of a UUID stored as bytes (`isUuid` = 1). */
  eventId: string,
  type: number,
  data: string,
  metadata: string | null,
  recordedAt: number,
  isUuid: 0 | 1,
];

export type EventRow = [
  position: number,
  streamId: string,
  revision: number,
  eventId: string,
  type: string,
  data: string,
  metadata: string | null,
  recordedAt: number,
];

/** The ids of a connection's stream ids and event types. */
export interface LogNames {
  readonly streams: SqliteNameIds;
  readonly types: SqliteNameIds;
}

/**
 * Turns stored rows into rows with the strings, in place (no second array per row; the flag
 * column stays behind the eight): the stream id and type from the connection's maps, the dashes
 * of a UUID put back.
 */
export function decodeRows(rows: StoredRow[], names: LogNames): EventRow[] {
  const decoded = rows as unknown as EventRow[];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const out = decoded[i];
    out[1] = names.streams.nameOf(row[1]);
    if (row[8] === 1) out[3] = uuidFromHex(row[3]);
    out[4] = names.types.nameOf(row[4]);
  }
  return decoded;
}

/** The one empty metadata object of every event stored without metadata. */
export const NO_METADATA: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * Turns raw rows into events. Events of one commit share a timestamp, so the ISO string is
 * cached between consecutive rows (it is a measurable share of readAll time otherwise).
 */
export function toRecordedEvents(rows: readonly EventRow[]): RecordedEvent[] {
  const out = new Array<RecordedEvent>(rows.length);
  let lastMs = -1;
  let lastIso = '';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row[7] !== lastMs) {
      lastMs = row[7];
      lastIso = new Date(lastMs).toISOString();
    }
    out[i] = {
      position: row[0],
      streamId: row[1],
      revision: row[2],
      id: row[3],
      type: row[4],
      data: JSON.parse(row[5]) as unknown,
      metadata: row[6] === null ? NO_METADATA : (JSON.parse(row[6]) as Record<string, unknown>),
      recordedAt: lastIso,
    };
  }
  return out;
}
