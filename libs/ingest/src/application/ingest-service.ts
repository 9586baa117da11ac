import type { EventStore } from '@hub/event-store';
import type { HubMetrics } from '@hub/ops';
import {
  MESSAGE_REJECTED,
  READING_RECORDED,
  readingEventId,
  readingStreamId,
  rejectionStreamId,
  type MessageRejected,
  type ReadingRecorded,
} from '../domain/reading-events.js';
import type { Rejection } from '../domain/rejection.js';
import { parseReadingTopic, rejectedTopic } from '../domain/topic.js';
import { validateReading } from './validate-reading.js';

export type IngestResult =
  /** Durable in the log; `forward` is what MQTT subscribers of the topic receive instead of the raw payload. */
  | { readonly status: 'stored'; readonly position: number; readonly forward: Buffer }
  /** Refused; the refusal itself is durable. Reply on `replyTopic`. */
  | { readonly status: 'rejected'; readonly rejection: Rejection; readonly replyTopic: string }
  | { readonly status: 'not-a-reading-topic' };

export interface IngestOptions {
  readonly maxPayloadBytes: number;
  readonly now?: () => Date;
}

/**
 * The ingest use case: validate a device message, and append either the reading or the refusal
 * to the event log. Resolves only when the event is durable, so the broker can acknowledge.
 */
export class IngestService {
  private readonly now: () => Date;

  constructor(
    private readonly store: EventStore,
    private readonly metrics: HubMetrics,
    private readonly options: IngestOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async ingest(topic: string, payload: Buffer): Promise<IngestResult> {
    const address = parseReadingTopic(topic);
    if (!address) return { status: 'not-a-reading-topic' };
    const started = process.hrtime.bigint();
    this.metrics.messagesIn.inc({ kind: address.kind });

    const outcome = validateReading(address.kind, payload, this.options.maxPayloadBytes);
    const receivedAt = this.now().toISOString();
    if (!outcome.ok) {
      const { rejection } = outcome;
      const event: MessageRejected = {
        lab: address.lab,
        lamppost: address.lamppost,
        topic,
        code: rejection.code,
        ...(rejection.field !== undefined && { field: rejection.field }),
        ...(rejection.seq !== undefined && { seq: rejection.seq }),
        sizeBytes: payload.length,
        receivedAt,
      };
      await this.store.appendToStream(rejectionStreamId(address), [
        { id: crypto.randomUUID(), type: MESSAGE_REJECTED, data: event },
      ]);
      this.metrics.messagesRejected.inc({ code: rejection.code });
      this.metrics.eventsAppended.inc({ type: MESSAGE_REJECTED });
      this.metrics.appendLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
      return { status: 'rejected', rejection, replyTopic: rejectedTopic(address) };
    }

    const { seq, observedAt, ...values } = outcome.payload as unknown as Record<string, unknown> & {
      seq: number;
      observedAt: string;
    };
    const reading: ReadingRecorded = {
      lab: address.lab,
      lamppost: address.lamppost,
      kind: outcome.kind,
      seq,
      observedAt: new Date(observedAt).toISOString(),
      values,
      receivedAt,
    };
    const result = await this.store.appendToStream(readingStreamId(reading), [
      { id: readingEventId(reading), type: READING_RECORDED, data: reading },
    ]);
    this.metrics.eventsAppended.inc({ type: READING_RECORDED });
    this.metrics.appendLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    return {
      status: 'stored',
      position: result.position,
      forward: Buffer.from(JSON.stringify({ seq, observedAt: reading.observedAt, ...values })),
    };
  }
}
