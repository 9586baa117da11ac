import type { AppendResult, ExpectedRevision } from '../port/append.js';
import type { NewEvent, RecordedEvent } from '../port/event.js';
import {
  IdempotencyConflictError,
  ImportOutOfOrderError,
  WrongExpectedRevisionError,
  type EventStoreError,
} from '../port/errors.js';
import { matchesExpectedRevision } from '../port/expected-revision.js';
import type { Batched } from './group-commit-queue.js';
import { RecentEvents, type CommittedRow } from './recent-events.js';
import type { SqliteStatements } from './sqlite-statements.js';
import { toStoredEventId, type StoredEventId } from './stored-event-id.js';

export interface PendingAppend extends Batched {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

export type AppendOutcome =
  | { readonly ok: true; readonly result: AppendResult; readonly written: boolean }
  | { readonly ok: false; readonly error: EventStoreError };

/**
 * Writes appends inside a transaction the caller opened. It owns the global position counter and
 * a cache of stream revisions (the adapter is the only writer of its file); `rollback()` restores
 * both when the transaction fails, so a failed commit leaves no gap in positions. Stream and type
 * ids come from the connection's maps (`SqliteNameIds`); the ones it inserted are forgotten on
 * `rollback()` too.
 */
export class SqliteBatchWriter {
  private lastPosition: number;
  private committedPosition: number;
  private readonly revisions = new Map<string, number>();
  private readonly dirty = new Map<string, number>();
  /** Rows written in the open transaction; they join `recent` once it commits. */
  private written: CommittedRow[] = [];
  /** The newest committed events, served to followers of the head from memory. */
  readonly recent: RecentEvents;

  constructor(
    private readonly statements: SqliteStatements,
    private readonly now: () => number,
    recentCapacity: number,
  ) {
    this.lastPosition = statements.maxPosition.get()?.head ?? 0;
    this.committedPosition = this.lastPosition;
    this.recent = new RecentEvents(recentCapacity, this.lastPosition);
  }

  /** Newest committed position (0 for an empty log). */
  get head(): number {
    return this.committedPosition;
  }

  /** Applies each append; a refused append (concurrency, idempotency) does not affect the others. */
  writeAll(batch: readonly PendingAppend[]): AppendOutcome[] {
    const recordedAt = this.now();
    const outcomes = batch.map((item) => this.writeOne(item, recordedAt));
    this.saveRevisions();
    return outcomes;
  }

  /**
   * Writes recorded events as they are (see `VerbatimLog`), inside the caller's transaction.
   * Throws `ImportOutOfOrderError` before the first insert that would not extend the log; the
   * caller rolls back.
   */
  importAll(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (!Number.isSafeInteger(event.position) || event.position <= this.lastPosition) {
        throw new ImportOutOfOrderError(
          `event ${event.id} has position ${event.position}, not above the log's head ${this.lastPosition}`,
        );
      }
      const current = this.revisionOf(event.streamId);
      if (!Number.isSafeInteger(event.revision) || event.revision <= current) {
        throw new ImportOutOfOrderError(
          `event ${event.id} has revision ${event.revision} in "${event.streamId}", not above the stream's ${current}`,
        );
      }
      const recordedAt = Date.parse(event.recordedAt);
      if (Number.isNaN(recordedAt)) {
        throw new ImportOutOfOrderError(
          `event ${event.id} has no readable recorded time ("${event.recordedAt}")`,
        );
      }
      this.insert(
        event.position,
        event.streamId,
        event.revision,
        event.id,
        toStoredEventId(event.id),
        event.type,
        JSON.stringify(event.data) ?? 'null',
        Object.keys(event.metadata).length > 0 ? JSON.stringify(event.metadata) : null,
        recordedAt,
      );
      this.lastPosition = event.position;
      this.dirty.set(event.streamId, event.revision);
    }
    this.saveRevisions();
  }

  /** Each stream written in this transaction: its id was resolved when its first row went in. */
  private saveRevisions(): void {
    const streams = this.statements.names.streams;
    for (const [streamId, revision] of this.dirty) {
      this.statements.saveRevision.run(revision, streams.idOf(streamId));
    }
  }

  /** Call after the transaction committed. */
  committed(): void {
    this.statements.names.streams.committed();
    this.statements.names.types.committed();
    for (const [streamId, revision] of this.dirty) this.revisions.set(streamId, revision);
    this.dirty.clear();
    this.committedPosition = this.lastPosition;
    this.recent.add(this.written);
    this.written = [];
  }

  /** Call after the transaction rolled back: forget everything written since the last commit. */
  rollback(): void {
    this.statements.names.streams.rolledBack();
    this.statements.names.types.rolledBack();
    this.dirty.clear();
    this.written = [];
    this.lastPosition = this.committedPosition;
  }

  /** Inserts one row and remembers it as written (the text stored is the text kept). */
  private insert(
    position: number,
    streamId: string,
    revision: number,
    id: string,
    /** `id` as the row stores it (`toStoredEventId`), made once per event by the caller. */
    storedId: StoredEventId,
    type: string,
    data: string,
    metadata: string | null,
    recordedAt: number,
  ): void {
    const { streams, types } = this.statements.names;
    this.statements.insertEvent.run(
      position,
      streams.idOf(streamId),
      revision,
      storedId,
      types.idOf(type),
      data,
      metadata,
      recordedAt,
    );
    this.written.push({ position, streamId, revision, id, type, data, metadata, recordedAt });
  }

  private writeOne(item: PendingAppend, recordedAt: number): AppendOutcome {
    const { streamId, events } = item;
    const current = this.revisionOf(streamId);
    // Each id as stored, once: the retry check looks them up, the insert writes them.
    const storedIds = events.map((event) => toStoredEventId(event.id));
    if (current >= 0) {
      const retry = this.detectRetry(streamId, events, storedIds);
      if (retry) return retry;
    }
    if (!matchesExpectedRevision(item.expected, current)) {
      return { ok: false, error: new WrongExpectedRevisionError(streamId, item.expected, current) };
    }
    let revision = current;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      revision += 1;
      this.lastPosition += 1;
      this.insert(
        this.lastPosition,
        streamId,
        revision,
        event.id,
        storedIds[i],
        event.type,
        JSON.stringify(event.data) ?? 'null',
        event.metadata && Object.keys(event.metadata).length > 0
          ? JSON.stringify(event.metadata)
          : null,
        recordedAt,
      );
    }
    this.dirty.set(streamId, revision);
    return {
      ok: true,
      written: true,
      result: { nextExpectedRevision: revision, position: this.lastPosition },
    };
  }

  /** Every id already stored: a retry, answered with what the first attempt got. Some: refused. */
  private detectRetry(
    streamId: string,
    events: readonly NewEvent[],
    storedIds: readonly StoredEventId[],
  ): AppendOutcome | undefined {
    const stream = this.statements.names.streams.existingId(streamId);
    if (stream === undefined) return undefined;
    const found: { position: number; revision: number; id: string }[] = [];
    for (let i = 0; i < events.length; i++) {
      const row = this.statements.findEventId.get(stream, storedIds[i]);
      if (row) found.push({ ...row, id: events[i].id });
    }
    if (found.length === 0) return undefined;
    if (found.length < events.length) {
      return {
        ok: false,
        error: new IdempotencyConflictError(
          streamId,
          found.map((f) => f.id),
        ),
      };
    }
    const last = found.reduce((a, b) => (b.position > a.position ? b : a));
    return {
      ok: true,
      written: false,
      result: { nextExpectedRevision: last.revision, position: last.position, alreadyStored: true },
    };
  }

  private revisionOf(streamId: string): number {
    const pending = this.dirty.get(streamId);
    if (pending !== undefined) return pending;
    const cached = this.revisions.get(streamId);
    if (cached !== undefined) return cached;
    const revision = this.statements.streamRevision.get(streamId)?.revision ?? -1;
    this.revisions.set(streamId, revision);
    return revision;
  }
}
