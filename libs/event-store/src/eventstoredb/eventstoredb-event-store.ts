import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type JSONType,
  type Position,
} from '@eventstore/db-client';
import type { AppendOptions, AppendResult } from '../port/append.js';
import type { NewEvent, RecordedEvent } from '../port/event.js';
import type { EventStore } from '../port/event-store.port.js';
import {
  AppendFailedError,
  StoreClosedError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../port/errors.js';
import { silentLogger, type HubLogger } from '@hub/contracts';
import type { ReadAllOptions, ReadStreamOptions, SubscribeToAllOptions } from '../port/read.js';
import type { StreamMetadata } from '../port/stream-metadata.js';
import { validateAppend } from '../port/validate-append.js';
import {
  fromAllEvent,
  fromCurrentRevision,
  isSystemEvent,
  toEsdbExpected,
  toEsdbPosition,
  toPortPosition,
  toRecordedEvent,
} from './eventstoredb-mapping.js';

export interface EventStoreDbOptions {
  /** e.g. `esdb://admin:changeit@node1:2113,node2:2113,node3:2113?tls=false` */
  readonly connectionString: string;
  readonly logger?: HubLogger;
}

/** Stream used by `checkWritable`: it is never written (the probe expects an impossible revision). */
const WRITABLE_PROBE_STREAM = 'hub-writable-probe';
const IMPOSSIBLE_REVISION = 2n ** 62n;

/**
 * The port over an EventStoreDB / KurrentDB cluster. The server does the hard parts (atomic
 * appends, idempotency by event id, catch-up-then-live subscriptions); this class maps types,
 * hides the server's own `$` events, and translates errors into the port's.
 */
/** How many recent events of a stream `findEvent` scans (a bounded read per lookup). */
const FIND_EVENT_SCAN = 10_000;

export class EventStoreDbEventStore implements EventStore {
  /** The server answers a retry as it answered the first append, without saying it was one. */
  readonly marksRetries = false;
  private readonly logger: HubLogger;
  private closed = false;
  private warnedSplitPosition = false;

  constructor(
    private readonly client: EventStoreDBClient,
    options: { logger?: HubLogger },
  ) {
    this.logger = options.logger ?? silentLogger;
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events);
    const expected = options?.expectedRevision ?? 'any';
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) =>
          jsonEvent({
            id: e.id,
            type: e.type,
            data: e.data as JSONType,
            metadata: e.metadata,
          }),
        ),
        { expectedRevision: toEsdbExpected(expected) },
      );
      return {
        nextExpectedRevision: Number(result.nextExpectedRevision),
        position: result.position ? toPortPosition(result.position) : 0,
      };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(
          streamId,
          expected,
          fromCurrentRevision(error.actualVersion),
        );
      }
      throw new AppendFailedError(`append to "${streamId}" was not acknowledged by EventStoreDB`, {
        cause: error,
      });
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision:
          options.fromRevision !== undefined
            ? BigInt(options.fromRevision)
            : backwards
              ? END
              : START,
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      });
      for await (const resolved of read) {
        const event = resolved.event;
        if (!event) continue;
        out.push(toRecordedEvent(event, event.position ?? { commit: 0n, prepare: 0n }));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  /**
   * EventStoreDB has no lookup by event id: the stream is read backwards, at most
   * FIND_EVENT_SCAN events (its own idempotency check only covers recent events too).
   */
  async findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    const recent = await this.readStream(streamId, {
      direction: 'backwards',
      maxCount: FIND_EVENT_SCAN,
    });
    return recent.find((event) => event.id === eventId);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const types = options.eventTypes ? new Set(options.eventTypes) : undefined;
    const after = options.after;
    const out: RecordedEvent[] = [];
    if (limit <= 0) return out;
    const read = this.client.readAll({
      direction: backwards ? BACKWARDS : FORWARDS,
      fromPosition: after === undefined ? (backwards ? END : START) : toEsdbPosition(after),
    });
    for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
      const event = resolved.event;
      if (!event || isSystemEvent(event)) continue;
      this.checkPositionShape(event.position);
      const recorded = fromAllEvent(event);
      // The server's start position is inclusive; the port's cursor is exclusive.
      if (
        after !== undefined &&
        (backwards ? recorded.position >= after : recorded.position <= after)
      ) {
        continue;
      }
      if (types && !types.has(recorded.type)) continue;
      out.push(recorded);
      if (out.length >= limit) break;
    }
    return out;
  }

  async *subscribeToAll(options: SubscribeToAllOptions = {}): AsyncGenerator<RecordedEvent> {
    this.assertOpen();
    const { signal } = options;
    const types = options.eventTypes ? new Set(options.eventTypes) : undefined;
    let cursor = options.after ?? 0;
    const subscription = this.client.subscribeToAll({
      fromPosition: options.after ? toEsdbPosition(options.after) : START,
    });
    const stop = (): void => void subscription.unsubscribe();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
        if (signal?.aborted) return;
        const event = resolved.event;
        if (!event || isSystemEvent(event)) continue;
        this.checkPositionShape(event.position);
        const recorded = fromAllEvent(event);
        // Guard against a server that replays the start position: never deliver twice.
        if (recorded.position <= cursor) continue;
        cursor = recorded.position;
        if (types && !types.has(recorded.type)) continue;
        yield recorded;
      }
    } finally {
      signal?.removeEventListener('abort', stop);
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  /** Newest hub event (the server's own `$` events are skipped, as every read does). */
  async headPosition(): Promise<number> {
    const [newest] = await this.readAll({ direction: 'backwards', maxCount: 1 });
    return newest?.position ?? 0;
  }

  /** Maps to `$maxAge` / `$maxCount`: reads hide expired events at once; a scavenge deletes them. */
  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    this.assertOpen();
    await this.client.setStreamMetadata(streamId, {
      ...(metadata.maxAge !== undefined ? { maxAge: metadata.maxAge } : {}),
      ...(metadata.maxCount !== undefined ? { maxCount: metadata.maxCount } : {}),
    });
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    this.assertOpen();
    const { metadata } = await this.client.getStreamMetadata(streamId);
    const out: { maxAge?: number; maxCount?: number } = {};
    if (metadata?.maxAge !== undefined) out.maxAge = metadata.maxAge;
    if (metadata?.maxCount !== undefined) out.maxCount = metadata.maxCount;
    return out;
  }

  /**
   * Sends an append the leader must refuse (impossible expected revision): a wrong-version
   * answer proves a leader is reachable and checking writes, and nothing is written.
   */
  async checkWritable(): Promise<void> {
    this.assertOpen();
    try {
      await this.client.appendToStream(
        WRITABLE_PROBE_STREAM,
        jsonEvent({ type: 'WritableProbe', data: {} }),
        { expectedRevision: IMPOSSIBLE_REVISION, deadline: 2000 },
      );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return;
      throw new StoreUnavailableError('EventStoreDB does not accept writes', { cause: error });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private checkPositionShape(position: Position): void {
    if (position.commit !== position.prepare && !this.warnedSplitPosition) {
      this.warnedSplitPosition = true;
      this.logger.warn(
        'EventStoreDB reports commit != prepare positions; resuming inside a multi-event append may skip its remaining events (see docs/event-store.md)',
        { commit: String(position.commit), prepare: String(position.prepare) },
      );
    }
  }
}

/**
 * Connects and checks the cluster answers, so a wrong URL stops the hub at boot with a message
 * naming the (password-free) address instead of failing on the first append.
 */
export async function connectEventStoreDb(options: EventStoreDbOptions): Promise<EventStore> {
  const shown = options.connectionString.replace(/\/\/[^@/]*@/, '//***@');
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(options.connectionString);
  } catch (cause) {
    throw new StoreUnavailableError(
      `HUB_EVENTSTORE_URL "${shown}" is not a valid EventStoreDB connection string`,
      { cause },
    );
  }
  try {
    const read = client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      deadline: 5000,
    });
    for await (const resolved of read) {
      void resolved;
      break;
    }
  } catch (cause) {
    await client.dispose().catch(() => undefined);
    throw new StoreUnavailableError(
      `EventStoreDB at "${shown}" cannot be reached or refused to read $all (${
        cause instanceof Error ? cause.message : String(cause)
      }); check HUB_EVENTSTORE_URL, that the cluster is up, and that the user may read $all`,
      { cause },
    );
  }
  return new EventStoreDbEventStore(client, { logger: options.logger });
}
