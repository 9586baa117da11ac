import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  READING_RECORDED,
  RULE_VERSION_STAMP_TYPES,
  RuleVersionBook,
  decodeReading,
  type ReadingRecorded,
  type RuleVersionStamped,
} from '@hub/contracts';
import { resolveRuleVersion, type RuleSet } from '@hub/privacy';

/**
 * SQL: the event is about the lamppost bound twice after it (`?, ?`). A reading names it in its
 * stream id (`reading-{lab}.{lamppost}.{kind}`; the compact form has no `lamppost` field), other
 * events in their data.
 */
export const ABOUT_LAMPPOST_SQL =
  "(json_extract(data, '$.lamppost') = ? OR instr(stream_id, '.' || ? || '.') > 0)";

/**
 * SQL: a reading's seq, in every stored form: the named field of versions 1 to 3, the second
 * element of a version 4 array (decision 0019). NULL for other events.
 */
export const SEQ_SQL = "COALESCE(json_extract(data, '$.seq'), json_extract(data, '$[1]'))";

/**
 * The log's readings in log order as every reader sees them: through the one decoder, with the
 * rule versions the log's governance events stamped (decision 0013).
 */
export function storedReadings(dataDir: string): (ReadingRecorded & { position: number })[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT position, stream_id, type, data, recorded_at FROM events
         WHERE type IN (?, ?, ?) ORDER BY position`,
      )
      .all(READING_RECORDED, ...RULE_VERSION_STAMP_TYPES) as {
      position: number;
      stream_id: string;
      type: string;
      data: string;
      recorded_at: number;
    }[];
    const book = new RuleVersionBook();
    const readings: (ReadingRecorded & { position: number })[] = [];
    for (const row of rows) {
      const data = JSON.parse(row.data) as unknown;
      if (row.type !== READING_RECORDED) {
        const v = data as RuleVersionStamped;
        book.record(v.lab, resolveRuleVersion(v.content as RuleSet, v.hash));
        continue;
      }
      const recordedAt = new Date(row.recorded_at).toISOString();
      const reading = decodeReading({ streamId: row.stream_id, data, recordedAt }, book);
      readings.push({ position: row.position, ...reading });
    }
    return readings;
  } finally {
    db.close();
  }
}
