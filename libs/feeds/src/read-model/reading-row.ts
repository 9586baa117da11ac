import type { RecordedEvent } from '@hub/event-store';
import type { ReadingRecorded } from '@hub/ingest';

/** The columns a stored reading fills in the read models, in the order `readingRow` gives them. */
export const READING_COLUMNS = `position, lab, lamppost, kind, observed_at, values_json, audience,
  rule_json, transforms_json, interval_seconds`;

/** Placeholders for `READING_COLUMNS`. */
export const READING_PLACEHOLDERS = '?, ?, ?, ?, ?, ?, ?, ?, ?, ?';

/** One ReadingRecorded event as the values of `READING_COLUMNS`. */
export function readingRow(event: RecordedEvent): unknown[] {
  const r = event.data as ReadingRecorded;
  return [
    event.position,
    r.lab,
    r.lamppost,
    r.kind,
    r.observedAt,
    JSON.stringify(r.values),
    r.audience,
    JSON.stringify(r.rule),
    JSON.stringify(r.transforms),
    r.intervalSeconds,
  ];
}
