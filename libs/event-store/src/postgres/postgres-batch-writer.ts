import type { PoolClient } from 'pg';
import type { NewEvent } from '../port/event.js';
import { IdempotencyConflictError, WrongExpectedRevisionError } from '../port/errors.js';
import { matchesExpectedRevision } from '../port/expected-revision.js';
import type { AppendOutcome, PendingAppend } from '../sqlite/sqlite-batch-writer.js';

/** Channel of the NOTIFY sent by every commit that wrote events (payload: the new head). */
export const APPENDED_CHANNEL = 'event_log_appended';

export interface BatchWritten {
  readonly outcomes: AppendOutcome[];
  /** Newest position after the batch (unchanged when nothing was written). */
  readonly head: number;
  readonly wrote: boolean;
}

interface Found {
  readonly position: number;
  readonly revision: number;
}

const key = (streamId: string, eventId: string): string => `${streamId}\u0000${eventId}`;

/**
 * Writes a batch of appends inside a transaction the caller opened (READ COMMITTED). The first
 * statement locks the single row of `event_log_head`: every appender of every process waits
 * there until the previous batch committed, so positions are handed out and committed in order,
 * and the revision and idempotency checks that follow see every earlier commit. Each append is
 * checked on its own; a refused one does not affect the others.
 */
export async function writeBatch(
  client: PoolClient,
  batch: readonly PendingAppend[],
): Promise<BatchWritten> {
  const headRow = await client.query<{ head: string }>(
    'SELECT head FROM event_log_head WHERE id = 1 FOR UPDATE',
  );
  let head = Number(headRow.rows[0].head);
  const streamIds = [...new Set(batch.map((item) => item.streamId))];
  const revisions = new Map<string, number>();
  const known = await client.query<{ stream_id: string; revision: string }>(
    'SELECT stream_id, revision FROM event_streams WHERE stream_id = ANY($1::text[])',
    [streamIds],
  );
  for (const row of known.rows) revisions.set(row.stream_id, Number(row.revision));
  const found = await findStored(client, batch, revisions);

  const rows = { p: [] as number[], s: [] as string[], r: [] as number[], i: [] as string[] };
  const more = { t: [] as string[], d: [] as string[], m: [] as (string | null)[] };
  const dirty = new Map<string, number>();
  const outcomes = batch.map((item): AppendOutcome => {
    const { streamId, events } = item;
    const current = revisions.get(streamId) ?? -1;
    if (current >= 0) {
      const retry = detectRetry(streamId, events, found);
      if (retry) return retry;
    }
    if (!matchesExpectedRevision(item.expected, current)) {
      return { ok: false, error: new WrongExpectedRevisionError(streamId, item.expected, current) };
    }
    let revision = current;
    for (const event of events) {
      revision += 1;
      head += 1;
      rows.p.push(head);
      rows.s.push(streamId);
      rows.r.push(revision);
      rows.i.push(event.id);
      more.t.push(event.type);
      more.d.push(JSON.stringify(event.data) ?? 'null');
      more.m.push(
        event.metadata && Object.keys(event.metadata).length > 0
          ? JSON.stringify(event.metadata)
          : null,
      );
      found.set(key(streamId, event.id), { position: head, revision });
    }
    revisions.set(streamId, revision);
    dirty.set(streamId, revision);
    return {
      ok: true,
      written: true,
      result: { nextExpectedRevision: revision, position: head },
    };
  });
  if (rows.p.length === 0) return { outcomes, head, wrote: false };

  await client.query(
    `INSERT INTO event_log (position, stream_id, revision, event_id, type, data, metadata, recorded_at)
     SELECT p, s, r, i, t, d::json, m::json, now()
     FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[])
       AS u(p, s, r, i, t, d, m)`,
    [rows.p, rows.s, rows.r, rows.i, more.t, more.d, more.m],
  );
  await client.query(
    `INSERT INTO event_streams (stream_id, revision)
     SELECT * FROM unnest($1::text[], $2::bigint[])
     ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision`,
    [[...dirty.keys()], [...dirty.values()]],
  );
  // NOTIFY is transactional: listeners hear it only if and when the batch commits.
  await client.query(
    'WITH h AS (UPDATE event_log_head SET head = $1 WHERE id = 1) SELECT pg_notify($2, $3)',
    [head, APPENDED_CHANNEL, String(head)],
  );
  return { outcomes, head, wrote: true };
}

/** Positions and revisions of the batch's event ids already stored in their (existing) streams. */
async function findStored(
  client: PoolClient,
  batch: readonly PendingAppend[],
  revisions: ReadonlyMap<string, number>,
): Promise<Map<string, Found>> {
  const streams: string[] = [];
  const ids: string[] = [];
  for (const item of batch) {
    if ((revisions.get(item.streamId) ?? -1) < 0) continue;
    for (const event of item.events) {
      streams.push(item.streamId);
      ids.push(event.id);
    }
  }
  const found = new Map<string, Found>();
  if (ids.length === 0) return found;
  const { rows } = await client.query<{
    stream_id: string;
    event_id: string;
    position: string;
    revision: string;
  }>(
    `SELECT e.stream_id, e.event_id, e.position, e.revision
     FROM unnest($1::text[], $2::text[]) AS k(s, i)
     JOIN event_log e ON e.stream_id = k.s AND e.event_id = k.i`,
    [streams, ids],
  );
  for (const row of rows) {
    found.set(key(row.stream_id, row.event_id), {
      position: Number(row.position),
      revision: Number(row.revision),
    });
  }
  return found;
}

/** Every id already stored: a retry, answered with what the first attempt got. Some: refused. */
function detectRetry(
  streamId: string,
  events: readonly NewEvent[],
  found: ReadonlyMap<string, Found>,
): AppendOutcome | undefined {
  const hits: (Found & { id: string })[] = [];
  for (const event of events) {
    const hit = found.get(key(streamId, event.id));
    if (hit) hits.push({ ...hit, id: event.id });
  }
  if (hits.length === 0) return undefined;
  if (hits.length < events.length) {
    return {
      ok: false,
      error: new IdempotencyConflictError(
        streamId,
        hits.map((h) => h.id),
      ),
    };
  }
  const last = hits.reduce((a, b) => (b.position > a.position ? b : a));
  return {
    ok: true,
    written: false,
    result: { nextExpectedRevision: last.revision, position: last.position, alreadyStored: true },
  };
}
