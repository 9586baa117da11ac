import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../port/event.js';
import { ImportOutOfOrderError } from '../port/errors.js';
import { APPENDED_CHANNEL } from './postgres-batch-writer.js';

/**
 * Writes recorded events as they are (see `VerbatimLog`) inside a transaction the caller opened.
 * Takes the head lock first, as every appender does, so an import and live appends (which a
 * copy target should not have) are still serialised and positions stay in commit order.
 */
export async function importRecordedBatch(
  client: PoolClient,
  events: readonly RecordedEvent[],
): Promise<number> {
  const headRow = await client.query<{ head: string }>(
    'SELECT head FROM event_log_head WHERE id = 1 FOR UPDATE',
  );
  let head = Number(headRow.rows[0].head);
  const streamIds = [...new Set(events.map((e) => e.streamId))];
  const revisions = new Map<string, number>();
  const known = await client.query<{ stream_id: string; revision: string }>(
    'SELECT stream_id, revision FROM event_streams WHERE stream_id = ANY($1::text[])',
    [streamIds],
  );
  for (const row of known.rows) revisions.set(row.stream_id, Number(row.revision));

  const cols = {
    p: [] as number[],
    s: [] as string[],
    r: [] as number[],
    i: [] as string[],
    t: [] as string[],
    d: [] as string[],
    m: [] as (string | null)[],
    at: [] as string[],
  };
  for (const event of events) {
    if (!Number.isSafeInteger(event.position) || event.position <= head) {
      throw new ImportOutOfOrderError(
        `event ${event.id} has position ${event.position}, not above the log's head ${head}`,
      );
    }
    const current = revisions.get(event.streamId) ?? -1;
    if (!Number.isSafeInteger(event.revision) || event.revision <= current) {
      throw new ImportOutOfOrderError(
        `event ${event.id} has revision ${event.revision} in "${event.streamId}", not above the stream's ${current}`,
      );
    }
    if (Number.isNaN(Date.parse(event.recordedAt))) {
      throw new ImportOutOfOrderError(
        `event ${event.id} has no readable recorded time ("${event.recordedAt}")`,
      );
    }
    head = event.position;
    revisions.set(event.streamId, event.revision);
    cols.p.push(event.position);
    cols.s.push(event.streamId);
    cols.r.push(event.revision);
    cols.i.push(event.id);
    cols.t.push(event.type);
    cols.d.push(JSON.stringify(event.data) ?? 'null');
    cols.m.push(Object.keys(event.metadata).length > 0 ? JSON.stringify(event.metadata) : null);
    cols.at.push(event.recordedAt);
  }
  if (cols.p.length === 0) return head;
  await client.query(
    `INSERT INTO event_log (position, stream_id, revision, event_id, type, data, metadata, recorded_at)
     SELECT p, s, r, i, t, d::json, m::json, at
     FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[],
                 $7::text[], $8::timestamptz[]) AS u(p, s, r, i, t, d, m, at)`,
    [cols.p, cols.s, cols.r, cols.i, cols.t, cols.d, cols.m, cols.at],
  );
  await client.query(
    `INSERT INTO event_streams (stream_id, revision)
     SELECT * FROM unnest($1::text[], $2::bigint[])
     ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision`,
    [streamIds, streamIds.map((s) => revisions.get(s) ?? -1)],
  );
  // NOTIFY is transactional: followers hear it only if the import commits.
  await client.query(
    'WITH h AS (UPDATE event_log_head SET head = $1 WHERE id = 1) SELECT pg_notify($2, $3)',
    [head, APPENDED_CHANNEL, String(head)],
  );
  return head;
}
