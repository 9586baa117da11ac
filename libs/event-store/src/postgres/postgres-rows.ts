import type { RecordedEvent } from '../port/event.js';

/** Column order of every event SELECT; rows are fetched in array mode. */
export const EVENT_COLUMNS =
  'position, stream_id, revision, event_id, type, data, metadata, recorded_at';
/** The same columns of the `event_log` table aliased `e` (for joins). */
export const E_EVENT_COLUMNS = EVENT_COLUMNS.split(', ')
  .map((column) => `e.${column}`)
  .join(', ');

/** `bigint` columns arrive as strings (pg keeps 64-bit integers exact); json already parsed. */
export type PgEventRow = [
  position: string,
  streamId: string,
  revision: string,
  eventId: string,
  type: string,
  data: unknown,
  metadata: Record<string, unknown> | null,
  recordedAt: Date,
];

const NO_METADATA: Readonly<Record<string, unknown>> = Object.freeze({});

export function toRecordedEvents(rows: readonly PgEventRow[]): RecordedEvent[] {
  const out = new Array<RecordedEvent>(rows.length);
  let lastMs = -1;
  let lastIso = '';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const ms = row[7].getTime();
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = row[7].toISOString();
    }
    out[i] = {
      position: Number(row[0]),
      streamId: row[1],
      revision: Number(row[2]),
      id: row[3],
      type: row[4],
      data: row[5],
      metadata: row[6] ?? NO_METADATA,
      recordedAt: lastIso,
    };
  }
  return out;
}
