import type { RecordedEvent } from '@hub/event-store';
import { decodeReading, type RuleVersions } from '@hub/contracts';
import type { Audience, ReadingView } from '../application/reading-view.js';

/** The columns a stored reading fills in the read models, in the order `readingRow` gives them. */
export const READING_COLUMNS = `position, lab, lamppost, kind, observed_at, values_json, audience,
  rule_json, transforms_json, interval_seconds`;

/** Placeholders for `READING_COLUMNS`. */
export const READING_PLACEHOLDERS = '?, ?, ?, ?, ?, ?, ?, ?, ?, ?';

/** One ReadingRecorded event (either stored form) as the values of `READING_COLUMNS`. */
export function readingRow(event: RecordedEvent, rules: RuleVersions): unknown[] {
  const r = decodeReading(event, rules);
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

/** A row of `READING_COLUMNS` as SQLite returns it. */
export interface ReadingRow {
  position: number;
  lab: string;
  lamppost: string;
  kind: string;
  observed_at: string;
  values_json: string;
  audience: Audience;
  rule_json: string;
  transforms_json: string;
  interval_seconds: number;
}

/** A stored row back as the view the feeds serve. */
export const toReadingView = (row: ReadingRow): ReadingView => ({
  position: row.position,
  lab: row.lab,
  lamppost: row.lamppost,
  kind: row.kind,
  observedAt: row.observed_at,
  values: JSON.parse(row.values_json) as Record<string, unknown>,
  audience: row.audience,
  rule: JSON.parse(row.rule_json) as ReadingView['rule'],
  transforms: JSON.parse(row.transforms_json) as string[],
  intervalSeconds: row.interval_seconds,
});
