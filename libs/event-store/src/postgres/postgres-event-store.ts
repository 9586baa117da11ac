import pg from 'pg';
import type { AppendOptions, AppendResult } from '../port/append.js';
import type { NewEvent, RecordedEvent } from '../port/event.js';
import type { EventStore } from '../port/event-store.port.js';
import type { JobLease } from '../port/job-lease.js';
import type { VerbatimLog } from '../port/verbatim-log.js';
import { AppendFailedError, StoreClosedError, StoreUnavailableError } from '../port/errors.js';
import { silentLogger, type HubLogger } from '@hub/contracts';
import type { ReadAllOptions, ReadStreamOptions, SubscribeToAllOptions } from '../port/read.js';
import type { StreamMetadata } from '../port/stream-metadata.js';
import { validateAppend } from '../port/validate-append.js';
import { CommitSignal } from '../sqlite/commit-signal.js';
import { GroupCommitQueue } from '../sqlite/group-commit-queue.js';
import type { PendingAppend } from '../sqlite/sqlite-batch-writer.js';
import type { RetentionReport } from '../sqlite/sqlite-retention.js';
import { writeBatch } from './postgres-batch-writer.js';
import { PostgresJobLease } from './postgres-job-lease.js';
import { importRecordedBatch } from './postgres-import.js';
import { PostgresListener } from './postgres-listener.js';
import { runPostgresRetention } from './postgres-retention.js';
import {
  EVENT_COLUMNS,
  E_EVENT_COLUMNS,
  toRecordedEvents,
  type PgEventRow,
} from './postgres-rows.js';
import { migrate, readAllSql } from './postgres-schema.js';
import { redactPostgresUrl } from './postgres-url.js';

export interface PostgresEventStoreOptions {
  /** e.g. `postgres://hub:secret@db.example:5432/hub` */
  readonly connectionString: string;
  /** Group commit window in ms (default 2; 0 = flush at the end of the current event-loop turn). */
  readonly groupCommitWindowMs?: number;
  /** Group commit size trigger in events (default 1000). */
  readonly groupCommitMaxEvents?: number;
  /** Subscribers re-read the log at least this often even without a NOTIFY (default 2000 ms). */
  readonly subscriptionPollMs?: number;
  /** Connections for reads and the writer (default 4, plus one for LISTEN). */
  readonly poolSize?: number;
  /** How long connecting may take before the store gives up (default 5000 ms). */
  readonly connectTimeoutMs?: number;
  /**
   * How long a commit waits for the log's head lock (held by another appender) before its batch
   * fails with `AppendFailedError` (default 5000 ms): a stuck appender elsewhere cannot hang
   * this one forever.
   */
  readonly lockTimeoutMs?: number;
  readonly logger?: HubLogger;
}

const PAGE_SIZE = 1000;

/**
 * The port over a PostgreSQL database: any number of hub processes may append to and follow
 * the same log. Appends are group-committed like the SQLite adapter's; positions are handed out
 * under a row lock inside the appending transaction (see postgres-schema.ts), so `$all` has one
 * global order without gaps; LISTEN/NOTIFY wakes followers in every process.
 */
export class PostgresEventStore implements EventStore, VerbatimLog {
  /** The batch writer's retry check runs in the append's transaction and marks what it finds. */
  readonly marksRetries = true;
  private readonly queue: GroupCommitQueue<PendingAppend>;
  private readonly commits = new CommitSignal();
  /** Counts wake-ups, so a follower can tell a commit happened while it was reading. */
  private commitSeq = 0;
  private readonly wake = (): void => {
    this.commitSeq++;
    this.commits.notify();
  };
  private readonly logger: HubLogger;
  private readonly pollMs: number;
  private readonly listener: PostgresListener;
  /** Batches the queue handed over while a commit was in flight; written as one next. */
  private waiting: PendingAppend[] = [];
  private writing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly shownUrl: string,
    private readonly clientConfig: pg.ClientConfig,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.pollMs = options.subscriptionPollMs ?? 2000;
    this.listener = new PostgresListener(clientConfig, this.wake, this.logger, shownUrl);
    this.queue = new GroupCommitQueue<PendingAppend>(
      {
        windowMs: options.groupCommitWindowMs ?? 2,
        maxEvents: options.groupCommitMaxEvents ?? 1000,
      },
      (batch) => this.handOver(batch),
    );
  }

  /** Starts listening for commits; called once by `connectPostgresEventStore`. */
  async start(): Promise<void> {
    await this.listener.start();
  }

  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    try {
      validateAppend(streamId, events);
    } catch (error) {
      return Promise.reject(asError(error));
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.enqueue({
        streamId,
        events,
        expected: options?.expectedRevision ?? 'any',
        eventCount: events.length,
        resolve,
        reject,
      });
    });
  }

  /**
   * One commit at a time per process: what the queue hands over while a commit is in flight
   * waits and is written as one batch right after (a larger group, not a second connection
   * racing for the same lock).
   */
  private handOver(batch: PendingAppend[]): void {
    this.waiting.push(...batch);
    if (!this.writing) this.writing = this.drain();
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      await this.commitBatch(batch);
    }
    this.writing = undefined;
  }

  /**
   * One transaction for the whole batch; callers settle only after COMMIT returned. If it fails
   * every append of the batch is rejected. (If the connection breaks after COMMIT was sent, the
   * batch may have been stored although it was rejected: a resend with the same ids is then an
   * idempotent retry, so nothing is stored twice.)
   */
  private async commitBatch(batch: PendingAppend[]): Promise<void> {
    let written;
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      await client.query('BEGIN');
      try {
        written = await writeBatch(client, batch);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } catch (cause) {
      client?.release(true);
      client = undefined;
      const events = batch.reduce((n, item) => n + item.eventCount, 0);
      const reason = cause instanceof Error ? cause.message : String(cause);
      this.logger.error('event store commit failed; the batch was rejected', {
        url: this.shownUrl,
        appends: batch.length,
        events,
        error: reason,
      });
      const error = new AppendFailedError(
        `commit to PostgreSQL at "${this.shownUrl}" failed, ${events} events not acknowledged: ${reason}`,
        { cause },
      );
      for (const item of batch) item.reject(error);
      return;
    } finally {
      client?.release();
    }
    written.outcomes.forEach((outcome, i) => {
      if (outcome.ok) batch[i].resolve(outcome.result);
      else batch[i].reject(outcome.error);
    });
    if (written.wrote) this.wake();
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    // Retention hides expired events at once; the retention job removes them physically later.
    const rows = await this.rows(
      `SELECT ${E_EVENT_COLUMNS} FROM event_log e
       JOIN event_streams s USING (stream_id)
       WHERE e.stream_id = $1
         AND e.revision ${backwards ? '<=' : '>='} $2
         AND (s.max_count IS NULL OR e.revision > s.revision - s.max_count)
         AND (s.max_age IS NULL OR e.recorded_at >= now() - make_interval(secs => s.max_age))
       ORDER BY e.revision ${backwards ? 'DESC' : 'ASC'}
       LIMIT $3`,
      [
        streamId,
        options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0),
        options.maxCount ?? null,
      ],
    );
    return toRecordedEvents(rows);
  }

  async findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    this.assertOpen();
    // The same (stream_id, event_id) index the idempotency check of an append uses.
    const rows = await this.rows(
      `SELECT ${EVENT_COLUMNS} FROM event_log WHERE stream_id = $1 AND event_id = $2`,
      [streamId, eventId],
    );
    return rows.length > 0 ? toRecordedEvents(rows)[0] : undefined;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const types = options.eventTypes;
    const rows = await this.rows(readAllSql(backwards, types !== undefined), [
      options.after ?? (backwards ? Number.MAX_SAFE_INTEGER : 0),
      options.maxCount ?? null,
      ...(types ? [types] : []),
    ]);
    return toRecordedEvents(rows);
  }

  /**
   * One page and the head come from ONE statement, i.e. one snapshot: every position up to that
   * head is committed and visible in it (positions commit in order), so after a short page the
   * cursor may move to the head without skipping anything, even with a type filter.
   */
  private async pageWithHead(
    after: number,
    eventTypes: readonly string[] | undefined,
  ): Promise<{ head: number; page: RecordedEvent[] }> {
    const { rows } = await this.pool.query<[string, ...unknown[]]>({
      text: `SELECT h.head, e.* FROM event_log_head h
             LEFT JOIN LATERAL (
               SELECT ${EVENT_COLUMNS} FROM event_log
               WHERE position > $1 ${eventTypes ? 'AND type = ANY($3::text[])' : ''}
               ORDER BY position LIMIT $2
             ) e ON true
             WHERE h.id = 1`,
      values: [after, PAGE_SIZE, ...(eventTypes ? [eventTypes] : [])],
      rowMode: 'array',
    });
    const head = Number(rows[0]?.[0] ?? 0);
    const events = rows.filter((row) => row[1] !== null).map((row) => row.slice(1) as PgEventRow);
    return { head, page: toRecordedEvents(events) };
  }

  async *subscribeToAll(options: SubscribeToAllOptions = {}): AsyncGenerator<RecordedEvent> {
    const { signal, eventTypes } = options;
    let cursor = options.after ?? 0;
    while (!this.closed && !signal?.aborted) {
      // A commit announced while the page is read makes the loop read again at once.
      const seen = this.commitSeq;
      const { head, page } = await this.pageWithHead(cursor, eventTypes);
      for (const event of page) {
        if (signal?.aborted) return;
        yield event;
      }
      if (page.length > 0) cursor = page[page.length - 1].position;
      if (page.length < PAGE_SIZE) {
        cursor = Math.max(cursor, head);
        if (this.closed || signal?.aborted) return;
        if (this.commitSeq === seen) await this.commits.wait(signal, this.pollMs);
      }
    }
  }

  async countEvents(): Promise<number> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM event_log');
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Verbatim import (see `VerbatimLog`) in one transaction, after this process's pending appends;
   * a refusal rolls it back whole.
   */
  async importRecorded(events: readonly RecordedEvent[]): Promise<void> {
    this.assertOpen();
    if (events.length === 0) return;
    this.queue.flush();
    while (this.writing) await this.writing;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await importRecordedBatch(client, events);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw error;
    }
    client.release();
    this.wake();
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ head: string }>(
      'SELECT head FROM event_log_head WHERE id = 1',
    );
    return Number(rows[0]?.head ?? 0);
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    this.assertOpen();
    await this.pool.query(
      `INSERT INTO event_streams (stream_id, revision, max_age, max_count) VALUES ($1, -1, $2, $3)
       ON CONFLICT (stream_id) DO UPDATE SET max_age = excluded.max_age, max_count = excluded.max_count`,
      [streamId, metadata.maxAge ?? null, metadata.maxCount ?? null],
    );
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ max_age: number | null; max_count: number | null }>(
      'SELECT max_age, max_count FROM event_streams WHERE stream_id = $1',
      [streamId],
    );
    const metadata: { maxAge?: number; maxCount?: number } = {};
    if (rows[0]?.max_age != null) metadata.maxAge = rows[0].max_age;
    if (rows[0]?.max_count != null) metadata.maxCount = rows[0].max_count;
    return metadata;
  }

  /** Fails when the server is unreachable, a read-only standby, or the session is read-only. */
  async checkWritable(): Promise<void> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ standby: boolean; read_only: string }>(
      "SELECT pg_is_in_recovery() AS standby, current_setting('transaction_read_only') AS read_only",
    );
    if (rows[0]?.standby || rows[0]?.read_only === 'on') {
      throw new StoreUnavailableError(
        `PostgreSQL at "${this.shownUrl}" is read-only (a standby or default_transaction_read_only)`,
      );
    }
  }

  /**
   * Deletes events expired by their stream's metadata and records a `RetentionRunCompleted`
   * event in `$retention`, in one transaction (see postgres-retention.ts).
   */
  async runRetention(): Promise<RetentionReport> {
    this.assertOpen();
    const report = await runPostgresRetention(this.pool);
    if (report.removedEvents > 0) this.wake();
    return report;
  }

  /** A lease on run-once work shared by every process on this database (an advisory lock). */
  jobLease(job: string): JobLease {
    return new PostgresJobLease(this.clientConfig, job, this.logger);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.queue.flush();
    while (this.writing) await this.writing;
    this.closed = true;
    this.wake();
    await this.listener.stop();
    await this.pool.end();
  }

  private async rows(text: string, values: unknown[]): Promise<PgEventRow[]> {
    const result = await this.pool.query<PgEventRow>({ text, values, rowMode: 'array' });
    return result.rows;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}

/**
 * Connects, creates or upgrades the tables, and starts listening. An unreachable server, a bad
 * URL or refused credentials stop here with `StoreUnavailableError` naming the password-free URL.
 */
export async function connectPostgresEventStore(
  options: PostgresEventStoreOptions,
): Promise<PostgresEventStore> {
  const shown = redactPostgresUrl(options.connectionString);
  const logger = options.logger ?? silentLogger;
  const clientConfig: pg.ClientConfig = {
    connectionString: options.connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    application_name: 'lamppost-hub',
    options: `-c lock_timeout=${options.lockTimeoutMs ?? 5000}`,
  };
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({ ...clientConfig, max: options.poolSize ?? 4 });
  } catch (cause) {
    throw new StoreUnavailableError(
      `HUB_POSTGRES_URL "${shown}" is not a valid PostgreSQL connection string`,
      { cause },
    );
  }
  // An idle connection the server dropped must not crash the process; the next query reconnects.
  pool.on('error', (error) =>
    logger.warn('idle PostgreSQL connection lost', { url: shown, error: error.message }),
  );
  try {
    const client = await pool.connect();
    try {
      await migrate(client, shown);
    } finally {
      client.release();
    }
    const store = new PostgresEventStore(pool, shown, clientConfig, options);
    await store.start();
    return store;
  } catch (cause) {
    await pool.end().catch(() => undefined);
    if (cause instanceof StoreUnavailableError) throw cause;
    throw new StoreUnavailableError(
      `PostgreSQL at "${shown}" cannot be reached or refused the connection (${describe(cause)}); check HUB_POSTGRES_URL, that the server is up, and that the user may create tables`,
      { cause },
    );
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  // AggregateError (every address refused) has an empty message; its parts name the reason.
  const message = error.message || (error as { errors?: Error[] }).errors?.[0]?.message || '';
  return typeof code === 'string' && code !== '' ? `${code}: ${message}` : message;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
