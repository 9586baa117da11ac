import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppendFailedError } from '../port/errors.js';
import {
  RETENTION_EVENT_TYPE,
  RETENTION_STREAM,
  type RetentionReport,
} from '../sqlite/sqlite-retention.js';
import { writeBatch } from './postgres-batch-writer.js';

/** The event lists at most this many streams; the totals always cover all of them. */
const MAX_LISTED_STREAMS = 500;

/**
 * Deletes expired events and appends the `RetentionRunCompleted` record in ONE transaction, as
 * the SQLite adapter does. The head row is locked first (as by every append), so retention runs
 * between batches of every process, and the record's position is above every position deleted:
 * the head never goes down and positions are never reused. Freed space is left to autovacuum
 * (`freedPages` is always 0).
 */
export async function runPostgresRetention(pool: pg.Pool): Promise<RetentionReport> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT head FROM event_log_head WHERE id = 1 FOR UPDATE');
    const { rows } = await client.query<{ stream_id: string; removed: number }>(
      `WITH expired AS (
         DELETE FROM event_log e USING event_streams s
         WHERE e.stream_id = s.stream_id
           AND ((s.max_count IS NOT NULL AND e.revision <= s.revision - s.max_count)
             OR (s.max_age IS NOT NULL AND e.recorded_at < now() - make_interval(secs => s.max_age)))
         RETURNING e.stream_id
       )
       SELECT stream_id, count(*)::integer AS removed FROM expired GROUP BY stream_id ORDER BY stream_id`,
    );
    const streams = rows.map((r) => ({ streamId: r.stream_id, removed: r.removed }));
    const removedEvents = streams.reduce((sum, s) => sum + s.removed, 0);
    if (removedEvents === 0) {
      await client.query('ROLLBACK');
      return { removedEvents: 0, streams: [], freedPages: 0 };
    }
    const written = await writeBatch(client, [
      {
        streamId: RETENTION_STREAM,
        expected: 'any',
        eventCount: 1,
        events: [
          {
            id: randomUUID(),
            type: RETENTION_EVENT_TYPE,
            data: {
              ranAt: new Date().toISOString(),
              removedEvents,
              streamCount: streams.length,
              streams: streams.slice(0, MAX_LISTED_STREAMS),
            },
          },
        ],
        resolve: () => undefined,
        reject: () => undefined,
      },
    ]);
    const [outcome] = written.outcomes;
    if (!outcome.ok) throw outcome.error;
    await client.query('COMMIT');
    return { removedEvents, streams, recordedAt: outcome.result.position, freedPages: 0 };
  } catch (cause) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new AppendFailedError('retention run failed; nothing was removed', { cause });
  } finally {
    client.release();
  }
}
