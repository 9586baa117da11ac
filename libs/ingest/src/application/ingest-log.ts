import { IdempotencyConflictError, type EventStore } from '@hub/event-store';
import type { HubMetrics } from '@hub/ops';
import {
  DEVICE_DISCONNECTED,
  MESSAGE_REJECTED,
  READING_RECORDED,
  rejectionStreamId,
  type DeviceDisconnected,
  type MessageRejected,
  type ReadingRecorded,
  type RuleVersions,
} from '@hub/contracts';
import { readingEventsByStream } from './facts-to-events.js';
import { durably, StoreFailure } from './store-failure.js';

/**
 * The ingest path's writes to the event log: readings, refusals, disconnects. Each resolves only
 * once durable; a store failure becomes a StoreFailure (which withholds the PUBACK).
 */
export class IngestLog {
  constructor(
    private readonly store: EventStore,
    private readonly metrics: HubMetrics,
    /** The governance log's rule versions: readings stamped with one are stored compact. */
    private readonly rules?: RuleVersions,
  ) {}

  async appendReadings(
    facts: readonly { readonly id: string; readonly data: ReadingRecorded }[],
  ): Promise<void> {
    const byStream = readingEventsByStream(facts, this.rules);
    await durably(() =>
      Promise.all(
        [...byStream].map(([streamId, events]) => this.store.appendToStream(streamId, events)),
      ),
    );
    if (facts.length > 0) this.metrics.eventsAppended.inc({ type: READING_RECORDED }, facts.length);
  }

  /** True when the store tells an idempotent retry from a new append (`appendUnlessStored`). */
  get marksRetries(): boolean {
    return this.store.marksRetries;
  }

  /**
   * Appends facts of one stream unless their ids are stored already, decided by the store in the
   * append's own transaction (only where `marksRetries`): `stored` when written, `all-stored`
   * when every id was there (nothing written), `some-stored` when some were (nothing written).
   */
  async appendUnlessStored(
    facts: readonly { readonly id: string; readonly data: ReadingRecorded }[],
  ): Promise<'stored' | 'all-stored' | 'some-stored'> {
    const byStream = [...readingEventsByStream(facts, this.rules)];
    if (byStream.length !== 1) {
      throw new Error(`appendUnlessStored takes the facts of one stream, not ${byStream.length}`);
    }
    const [streamId, events] = byStream[0];
    try {
      const result = await this.store.appendToStream(streamId, events);
      if (result.alreadyStored) return 'all-stored';
    } catch (error) {
      if (error instanceof IdempotencyConflictError) return 'some-stored';
      throw new StoreFailure(error);
    }
    this.metrics.eventsAppended.inc({ type: READING_RECORDED }, facts.length);
    return 'stored';
  }

  async recordRefusal(event: MessageRejected): Promise<void> {
    await durably(() =>
      this.store.appendToStream(rejectionStreamId(event), [
        { id: crypto.randomUUID(), type: MESSAGE_REJECTED, data: event },
      ]),
    );
    this.metrics.eventsAppended.inc({ type: MESSAGE_REJECTED });
  }

  async recordDisconnect(event: DeviceDisconnected): Promise<void> {
    await durably(() =>
      this.store.appendToStream(rejectionStreamId(event), [
        { id: crypto.randomUUID(), type: DEVICE_DISCONNECTED, data: event },
      ]),
    );
  }
}
