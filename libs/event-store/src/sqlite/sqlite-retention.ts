import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { AppendResult } from '../port/append.js';
import { AppendFailedError } from '../port/errors.js';
import type { SqliteBatchWriter } from './sqlite-batch-writer.js';

export const RETENTION_STREAM = '$retention';
export const RETENTION_EVENT_TYPE = 'RetentionRunCompleted';
/** The event lists at most this many streams; the totals always cover all of them. */
const MAX_LISTED_STREAMS = 500;

export interface RetentionReport {
  readonly removedEvents: number;
  readonly streams: readonly { streamId: string; removed: number }[];
  /** Position of the `RetentionRunCompleted` event, when something was removed. */
  readonly recordedAt?: number;
  readonly freedPages: number;
}

interface RetainedStream {
  id: number;
  stream_id: string;
  revision: number;
  max_age: number | null;
  max_count: number | null;
}

/**
 * Deletes expired events and appends the `RetentionRunCompleted` record in ONE transaction: the
 * record can never be lost while the deletion survives, and because the record is appended after
 * the deletion the highest position never goes down (positions are never reused).
 */
export function runRetention(
  db: Database,
  writer: SqliteBatchWriter,
  now: number,
): RetentionReport {
  const streams = db
    .prepare(
      'SELECT id, stream_id, revision, max_age, max_count FROM streams WHERE max_age IS NOT NULL OR max_count IS NOT NULL',
    )
    .all() as RetainedStream[];
  const byCount = db.prepare('DELETE FROM event_rows WHERE stream = ? AND revision <= ?');
  const byAge = db.prepare('DELETE FROM event_rows WHERE stream = ? AND recorded_at < ?');

  let result: { removed: { streamId: string; removed: number }[]; append?: AppendResult };
  try {
    result = db
      .transaction(() => {
        const removed: { streamId: string; removed: number }[] = [];
        for (const s of streams) {
          let n = 0;
          if (s.max_count != null) n += byCount.run(s.id, s.revision - s.max_count).changes;
          if (s.max_age != null) n += byAge.run(s.id, now - s.max_age * 1000).changes;
          if (n > 0) removed.push({ streamId: s.stream_id, removed: n });
        }
        if (removed.length === 0) return { removed };
        const total = removed.reduce((sum, r) => sum + r.removed, 0);
        const [outcome] = writer.writeAll([
          {
            streamId: RETENTION_STREAM,
            expected: 'any',
            eventCount: 1,
            events: [
              {
                id: randomUUID(),
                type: RETENTION_EVENT_TYPE,
                data: {
                  ranAt: new Date(now).toISOString(),
                  removedEvents: total,
                  streamCount: removed.length,
                  streams: removed.slice(0, MAX_LISTED_STREAMS),
                },
              },
            ],
            resolve: () => undefined,
            reject: () => undefined,
          },
        ]);
        if (!outcome.ok) throw outcome.error;
        return { removed, append: outcome.result };
      })
      .immediate();
    writer.committed();
  } catch (cause) {
    writer.rollback();
    throw new AppendFailedError('retention run failed; nothing was removed', { cause });
  }
  // Give freed pages back to the file system without rewriting it (auto_vacuum = INCREMENTAL).
  const before = db.pragma('freelist_count', { simple: true }) as number;
  db.pragma('incremental_vacuum');
  const after = db.pragma('freelist_count', { simple: true }) as number;
  return {
    removedEvents: result.removed.reduce((sum, r) => sum + r.removed, 0),
    streams: result.removed,
    recordedAt: result.append?.position,
    freedPages: before - after,
  };
}
