import type { Database } from 'better-sqlite3';
import type { AppendOptions, AppendResult } from '../port/append.js';
import type { NewEvent, RecordedEvent } from '../port/event.js';
import type { EventStore } from '../port/event-store.port.js';
import type { VerbatimLog } from '../port/verbatim-log.js';
import { AppendFailedError, StoreClosedError } from '../port/errors.js';
import { silentLogger, type HubLogger } from '@hub/contracts';
import type { ReadAllOptions, ReadStreamOptions, SubscribeToAllOptions } from '../port/read.js';
import type { StreamMetadata } from '../port/stream-metadata.js';
import { validateAppend } from '../port/validate-append.js';
import { CommitBroadcast } from './commit-broadcast.js';
import { CommitSignal } from './commit-signal.js';
import { GroupCommitQueue } from './group-commit-queue.js';
import { SqliteBatchWriter, type PendingAppend } from './sqlite-batch-writer.js';
import { openDatabase, type SynchronousMode } from './sqlite-open.js';
import { runRetention, type RetentionReport } from './sqlite-retention.js';
import { toRecordedEvents } from './sqlite-rows.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import { SqliteStatements } from './sqlite-statements.js';
import { toStoredEventId } from './stored-event-id.js';

export interface SqliteEventStoreOptions {
  /** Path of the log file (created with its directory when missing). */
  readonly file: string;
  /** `NORMAL` (default): a power loss may drop the last commits. `FULL`: fsync on every commit. */
  readonly synchronous?: SynchronousMode;
  /** Group commit window in ms (default 2; 0 = flush at the end of the current event-loop turn). */
  readonly groupCommitWindowMs?: number;
  /** Group commit size trigger in events (default 1000). */
  readonly groupCommitMaxEvents?: number;
  /** How long a commit waits for a lock held by another connection (default 5000 ms). */
  readonly busyTimeoutMs?: number;
  /** Subscribers re-read the log at least this often even without a commit signal (default 1000 ms). */
  readonly subscriptionPollMs?: number;
  /**
   * Checkpoint the WAL from a worker thread every this many ms (default 100; 0 = let SQLite
   * checkpoint inside commits, its default behaviour).
   */
  readonly checkpointIntervalMs?: number;
  /**
   * How many of the newest committed events are kept in memory for followers of the head
   * (default 4096; 0 = every subscription reads the file). Decision 0009.
   */
  readonly recentEvents?: number;
  /**
   * For a store that does not write the log (another thread's view of it, decision 0022): its
   * `headPosition` reads the file, so it includes every commit, also one whose announcement has
   * not reached this thread yet. A caller that was told of a commit (a device's PUBACK, say)
   * then finds it in a read that waits for that head.
   */
  readonly headFromFile?: boolean;
  readonly logger?: HubLogger;
  /** Clock in epoch ms (tests of retention move it). */
  readonly clock?: () => number;
}

const PAGE_SIZE = 1000;
const UNLIMITED = -1;
/** About 2 MB of JSON text at 451 bytes a reading; a few seconds of ingest at full speed. */
const DEFAULT_RECENT_EVENTS = 4096;

/** The embedded event store: one SQLite file in WAL mode, written by group commit. */
export class SqliteEventStore implements EventStore, VerbatimLog {
  /** The batch writer's retry check runs in the append's transaction and marks what it finds. */
  readonly marksRetries = true;
  private readonly db: Database;
  private readonly statements: SqliteStatements;
  private readonly writer: SqliteBatchWriter;
  private readonly queue: GroupCommitQueue<PendingAppend>;
  private readonly commits = new CommitSignal();
  private readonly logger: HubLogger;
  private readonly clock: () => number;
  private readonly pollMs: number;
  private readonly checkpointer: WalCheckpointer | undefined;
  /** Commits of other threads on the same file (a projection worker's store hears the hub's). */
  private readonly broadcast: CommitBroadcast | undefined;
  /** Highest head announced by another thread's connection to this file. */
  private foreignHead = 0;
  private closed = false;

  constructor(private readonly options: SqliteEventStoreOptions) {
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? Date.now;
    this.pollMs = options.subscriptionPollMs ?? 1000;
    this.db = openDatabase({
      file: options.file,
      synchronous: options.synchronous ?? 'NORMAL',
      busyTimeoutMs: options.busyTimeoutMs ?? 5000,
      logger: this.logger,
    });
    const checkpointMs = options.checkpointIntervalMs ?? 100;
    if (checkpointMs > 0 && options.file !== ':memory:') {
      // Inline checkpoints only as a safety net (64 MiB of WAL) if the thread falls behind.
      this.db.pragma('wal_autocheckpoint = 16384');
      this.checkpointer = new WalCheckpointer(options.file, checkpointMs, this.logger);
    }
    if (options.file !== ':memory:') {
      this.broadcast = new CommitBroadcast(options.file, (head) => {
        this.foreignHead = Math.max(this.foreignHead, head);
        this.commits.notify();
      });
    }
    this.statements = new SqliteStatements(this.db);
    this.writer = new SqliteBatchWriter(
      this.statements,
      this.clock,
      options.recentEvents ?? DEFAULT_RECENT_EVENTS,
    );
    this.queue = new GroupCommitQueue<PendingAppend>(
      {
        windowMs: options.groupCommitWindowMs ?? 2,
        maxEvents: options.groupCommitMaxEvents ?? 1000,
      },
      (batch) => this.commitBatch(batch),
    );
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
   * One transaction for the whole batch; callers settle only after COMMIT returned. If the
   * transaction fails (disk full, I/O error, lock timeout) every append of the batch is rejected:
   * none of them was acknowledged, none of them is in the log.
   */
  private commitBatch(batch: PendingAppend[]): void {
    let outcomes;
    try {
      outcomes = this.db.transaction(() => this.writer.writeAll(batch)).immediate();
      this.writer.committed();
    } catch (cause) {
      this.writer.rollback();
      const events = batch.reduce((n, item) => n + item.eventCount, 0);
      this.logger.error('event store commit failed; the batch was rejected', {
        file: this.options.file,
        appends: batch.length,
        events,
        error: cause instanceof Error ? cause.message : String(cause),
      });
      const error = new AppendFailedError(
        `commit to "${this.options.file}" failed, ${events} events not stored: ${
          cause instanceof Error ? cause.message : String(cause)
        }`,
        { cause },
      );
      for (const item of batch) item.reject(error);
      return;
    }
    let wrote = false;
    outcomes.forEach((outcome, i) => {
      if (outcome.ok) {
        wrote ||= outcome.written;
        batch[i].resolve(outcome.result);
      } else {
        batch[i].reject(outcome.error);
      }
    });
    if (wrote) this.committed();
  }

  /**
   * This connection's head, or a later one announced by another thread's connection to the file
   * (the projection worker's store learns of the hub's commits that way).
   */
  private knownHead(): number {
    return Math.max(this.writer.head, this.foreignHead);
  }

  /** Wakes this thread's subscribers and tells the other threads' stores on this file. */
  private committed(): void {
    this.commits.notify();
    this.broadcast?.announce(this.writer.head);
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.sync(() => {
      const info = this.statements.streamInfo.get(streamId);
      if (!info) return [];
      // Retention hides expired events at once; the retention job removes them physically later.
      const lowest = info.max_count != null ? info.revision - info.max_count + 1 : 0;
      const oldest = info.max_age != null ? this.clock() - info.max_age * 1000 : 0;
      const limit = options.maxCount ?? UNLIMITED;
      const rows =
        options.direction === 'backwards'
          ? this.statements.readStreamBackwards.all(
              info.id,
              options.fromRevision ?? Number.MAX_SAFE_INTEGER,
              lowest,
              oldest,
              limit,
            )
          : this.statements.readStreamForwards.all(
              info.id,
              options.fromRevision ?? 0,
              lowest,
              oldest,
              limit,
            );
      return toRecordedEvents(this.statements.decode(rows));
    });
  }

  findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    // The same (stream, event_id) index the idempotency check of an append uses.
    return this.sync(() => {
      const stream = this.statements.names.streams.existingId(streamId);
      if (stream === undefined) return undefined;
      const row = this.statements.findEvent.get(stream, toStoredEventId(eventId));
      return row ? toRecordedEvents(this.statements.decode([row]))[0] : undefined;
    });
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.sync(() => this.readAllNow(options));
  }

  /** Synchronous `$all` read (the subscription and the bench use it without promise overhead). */
  readAllNow(options: ReadAllOptions = {}): RecordedEvent[] {
    const direction = options.direction ?? 'forwards';
    const types = options.eventTypes ?? [];
    const after = options.after ?? (direction === 'forwards' ? 0 : Number.MAX_SAFE_INTEGER);
    const rows = this.statements.readAllRows(
      direction,
      after,
      types,
      options.maxCount ?? UNLIMITED,
    );
    return toRecordedEvents(rows);
  }

  async *subscribeToAll(options: SubscribeToAllOptions = {}): AsyncGenerator<RecordedEvent> {
    const { signal, eventTypes } = options;
    const types = eventTypes && new Set(eventTypes);
    let cursor = options.after ?? 0;
    while (!this.closed && !signal?.aborted) {
      // Read and head come from the same synchronous turn: nothing can commit in between, so
      // advancing the cursor to the head after a short filtered page skips nothing. A head
      // announced by another thread (foreignHead) was committed before its message was sent,
      // so the read below sees every row up to it. The window of this store's own recent
      // commits (decision 0009) answers only when it holds all of (cursor, head]; it holds this
      // connection's commits only, so a head another thread's store announced beyond them (the
      // projection worker's store writes nothing) is read from the file.
      const head = this.knownHead();
      const page =
        this.writer.recent.read(cursor, head, PAGE_SIZE, types) ??
        this.readAllNow({ after: cursor, maxCount: PAGE_SIZE, eventTypes });
      const scannedToHead = page.length < PAGE_SIZE;
      for (const event of page) {
        if (signal?.aborted) return;
        yield event;
      }
      if (page.length > 0) cursor = page[page.length - 1].position;
      if (scannedToHead) {
        cursor = Math.max(cursor, head);
        if (this.closed || signal?.aborted) return;
        if (this.knownHead() <= cursor) await this.commits.wait(signal, this.pollMs);
      }
    }
  }

  countEvents(): Promise<number> {
    return this.sync(() => this.statements.countEvents.get()?.n ?? 0);
  }

  /**
   * Verbatim import (see `VerbatimLog`): pending appends are written first, then the events in
   * one transaction of their own; a refusal rolls it back whole.
   */
  importRecorded(events: readonly RecordedEvent[]): Promise<void> {
    return this.sync(() => {
      if (events.length === 0) return;
      this.queue.flush();
      try {
        this.db.transaction(() => this.writer.importAll(events)).immediate();
        this.writer.committed();
      } catch (error) {
        this.writer.rollback();
        throw error;
      }
      this.committed();
    });
  }

  headPosition(): Promise<number> {
    return this.sync(() => {
      if (this.options.headFromFile) {
        const onFile = this.statements.maxPosition.get()?.head ?? 0;
        this.foreignHead = Math.max(this.foreignHead, onFile);
      }
      return this.knownHead();
    });
  }

  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    return this.sync(() => {
      this.statements.saveMetadata.run(
        streamId,
        metadata.maxAge ?? null,
        metadata.maxCount ?? null,
      );
    });
  }

  getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    return this.sync(() => {
      const info = this.statements.streamInfo.get(streamId);
      const metadata: { maxAge?: number; maxCount?: number } = {};
      if (info?.max_age != null) metadata.maxAge = info.max_age;
      if (info?.max_count != null) metadata.maxCount = info.max_count;
      return metadata;
    });
  }

  /** Takes and releases the write lock: fails when the file is read-only or locked elsewhere. */
  checkWritable(): Promise<void> {
    return this.sync(() => {
      this.db.exec('BEGIN IMMEDIATE; ROLLBACK');
    });
  }

  /**
   * Physically deletes events expired by their stream's metadata, records a
   * `RetentionRunCompleted` event in `$retention` (same transaction) and vacuums incrementally.
   */
  runRetention(): Promise<RetentionReport> {
    return this.sync(() => {
      this.queue.flush();
      const report = runRetention(this.db, this.writer, this.clock());
      // Removed rows must not be served from memory: the window starts again at the head.
      if (report.removedEvents > 0) {
        this.writer.recent.reset(this.writer.head);
        this.committed();
      }
      return report;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.queue.flush();
    this.closed = true;
    this.commits.notify();
    this.broadcast?.close();
    this.db.close();
    await this.checkpointer?.close();
  }

  private sync<T>(work: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(asError(error));
    }
  }
}

/** Opens (or creates) the embedded log. Throws `StoreUnavailableError` when the file is unusable. */
export function openSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  return new SqliteEventStore(options);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
