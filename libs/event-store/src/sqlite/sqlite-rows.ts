import type { RecordedEvent } from '../port/event.js';

/** Column order of every event SELECT; rows are read with `.raw()` to skip per-row objects. */
export const EVENT_COLUMNS =
  'position, stream_id, revision, event_id, type, data, metadata, recorded_at';

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
