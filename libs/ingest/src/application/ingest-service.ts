import type { EventStore, NewEvent } from '@hub/event-store';
import { closedLabel, type HubMetrics } from '@hub/ops';
import type { FilteredReading, FilterOutcome, PrivacyFilter, RejectCode } from '@hub/privacy';
import {
  DEVICE_DISCONNECTED,
  MESSAGE_REJECTED,
  READING_RECORDED,
  readingStreamId,
  rejectionStreamId,
  SENSOR_KINDS,
  type DeviceDisconnected,
  type MessageRejected,
  type ReadingRecorded,
  type Rejection,
  type RejectionCode,
  type RuleStamp,
  type SensorKind,
  type HubLogger,
} from '@hub/contracts';
import { readingEventId, windowEventId } from '../domain/event-ids.js';
import { storedReason } from '../domain/stored-reason.js';
import { isWindowedKind } from '../domain/windowed-kind.js';
import { parseReadingTopic, rejectedTopic, type ReadingTopic } from '../domain/topic.js';
import { BadSenderPolicy, type BadSenderLimits } from './bad-sender-policy.js';
import { SeqTracker } from './seq-tracker.js';
import { judgeAgainstStored } from './stored-duplicate.js';
import { validateReading, type ValidationOutcome } from './validate-reading.js';

export type IngestResult =
  /** Durable in the log; `forward` (the filtered facts) replaces the raw payload for MQTT subscribers, if any. */
  | { readonly status: 'stored'; readonly forward?: Buffer }
  /** A resend of a message already handled: acknowledge, store and forward nothing. */
  | { readonly status: 'duplicate' }
  /** Refused; the refusal is durable unless the device is throttled. Reply on `replyTopic` if `reply`. */
  | {
      readonly status: 'rejected';
      readonly rejection: Rejection;
      readonly replyTopic: string;
      readonly reply: boolean;
    }
  /** The device keeps sending bad messages: close its connection. */
  | { readonly status: 'disconnect'; readonly reason: string }
  | { readonly status: 'not-a-reading-topic' };

export interface IngestLimits {
  readonly maxPayloadBytes: number;
  readonly maxReadingAgeMs: number;
  readonly maxClockSkewMs: number;
  readonly badSenders?: BadSenderLimits;
}

/**
 * Raised when the event store fails an append: the only failure that withholds the PUBACK (the
 * device keeps the message and retries). Every other failure becomes a refusal.
 */
export class StoreFailure extends Error {
  constructor(cause: unknown) {
    super(`event store append failed: ${String(cause)}`, { cause });
    this.name = 'StoreFailure';
  }
}

export interface IngestDependencies {
  readonly store: EventStore;
  readonly logger?: HubLogger;
  readonly metrics: HubMetrics;
  readonly filter: PrivacyFilter;
  readonly limits: IngestLimits;
  /** Milliseconds since the epoch. */
  readonly clock?: () => number;
}

/** Privacy-filter refusal codes as devices see them. */
const FILTER_CODES: Record<RejectCode, RejectionCode> = {
  RULE_MISSING: 'RULE_MISSING',
  PAYLOAD_INVALID: 'SCHEMA_VIOLATION',
  FUTURE_TIMESTAMP: 'FUTURE_TIMESTAMP',
  RAW_MEDIA_FORBIDDEN: 'RAW_MEDIA_FORBIDDEN',
  IDENTIFIER_IN_CLEAR: 'IDENTIFIER_IN_CLEAR',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  SAMPLE_RATE_NOT_ALLOWED: 'SAMPLE_RATE_NOT_ALLOWED',
  CALIBRATION_MISSING: 'CALIBRATION_MISSING',
  LOCATION_MISSING: 'LOCATION_MISSING',
};

/** The refusal of a seq reused with a different body. */
const duplicateConflict = (seq: number): Rejection => ({
  code: 'DUPLICATE_CONFLICT',
  message: `seq ${seq} was already received with a different body; never reuse a seq`,
  field: 'seq',
  seq,
});

/** The stored form of a filtered fact. */
export function toReadingRecorded(
  fact: FilteredReading,
  receivedAt: string,
  seq?: number,
): ReadingRecorded {
  const lamppost = 'lamppost' in fact.location ? fact.location.lamppost : fact.location.gridCell;
  return {
    lab: fact.lab,
    lamppost,
    location: fact.location,
    kind: fact.kind,
    ...(seq !== undefined && { seq }),
    observedAt: fact.observedAt,
    intervalSeconds: fact.intervalSeconds,
    audience: fact.audience,
    values: fact.values,
    rule: fact.rule,
    transforms: fact.transforms,
    receivedAt,
  };
}

/**
 * The ingest use case: validate a device message, pass it through the privacy filter, and append
 * the resulting facts (or the refusal) to the event log. Resolves only when that is durable, so the
 * broker can acknowledge. Raw payload bytes never reach the log, a reply or a log line.
 */
export class IngestService {
  private readonly clock: () => number;
  private readonly seqs = new SeqTracker();
  private readonly badSenders: BadSenderPolicy;
  private readonly lastReply = new Map<string, number>();
  /** Messages being appended, by device, kind and seq. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly deps: IngestDependencies) {
    this.clock = deps.clock ?? Date.now;
    this.badSenders = new BadSenderPolicy(deps.limits.badSenders);
  }

  /**
   * Invariant: a message on a reading topic ends in exactly one of stored, duplicate, a recorded
   * refusal (all acknowledged) or a StoreFailure (not acknowledged). Any other exception while
   * admitting it (a bug, an input no check foresaw) is caught here, logged as an error naming the
   * device, and becomes an INTERNAL_ERROR refusal: never a closed connection without a reply,
   * which a QoS 1 device answers by resending the same message forever.
   */
  async ingest(topic: string, payload: Buffer): Promise<IngestResult> {
    const address = parseReadingTopic(topic);
    if (!address) return { status: 'not-a-reading-topic' };
    // Metric labels come from closed sets: a device naming a new kind must not add a series.
    this.deps.metrics.messagesIn.inc({ kind: closedLabel(SENSOR_KINDS, address.kind) });
    try {
      return await this.admitMessage(address, topic, payload);
    } catch (error) {
      if (error instanceof StoreFailure) throw error;
      const nowMs = this.clock();
      this.deps.logger?.error(
        'unexpected error while admitting a message; refused as INTERNAL_ERROR',
        {
          device: `${address.lab}/${address.lamppost}`,
          topic,
          sizeBytes: payload.length,
          err: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        },
      );
      return this.refuse(
        address,
        topic,
        payload.length,
        {
          code: 'INTERNAL_ERROR',
          message:
            'the hub could not process this message; it was not stored (the operator sees it in the hub log)',
        },
        nowMs,
      );
    }
  }

  private async admitMessage(
    address: ReadingTopic,
    topic: string,
    payload: Buffer,
  ): Promise<IngestResult> {
    const { limits } = this.deps;
    const started = process.hrtime.bigint();
    const nowMs = this.clock();

    // `let`: cleared before the append is awaited (see below).
    let outcome: ValidationOutcome | undefined = validateReading(
      address.kind,
      payload,
      limits.maxPayloadBytes,
      {
        nowMs,
        maxAgeMs: limits.maxReadingAgeMs,
        maxSkewMs: limits.maxClockSkewMs,
      },
    );
    if (!outcome.ok) return this.refuse(address, topic, payload.length, outcome.rejection, nowMs);

    const { seq } = outcome.payload;
    const seqKey = `${address.lab}/${address.lamppost}/${outcome.kind}`;
    const digest = SeqTracker.digest(payload);
    // A message with the same seq still being appended decides first: a resend then counts as a
    // duplicate, a different body as a conflict.
    const flightKey = `${seqKey}#${seq}`;
    for (
      let earlier = this.inFlight.get(flightKey);
      earlier;
      earlier = this.inFlight.get(flightKey)
    ) {
      await earlier;
    }
    const seen = this.seqs.check(seqKey, seq, digest);
    if (seen === 'duplicate') return { status: 'duplicate' };
    if (seen === 'older' && isWindowedKind(outcome.kind)) return { status: 'duplicate' };
    if (seen === 'conflict') {
      return this.refuse(address, topic, payload.length, duplicateConflict(seq), nowMs);
    }

    let settle: () => void = () => undefined;
    this.inFlight.set(flightKey, new Promise<void>((resolve) => (settle = resolve)));
    try {
      const { kind } = outcome;
      const filtered = this.deps.filter.process(
        { lab: address.lab, lamppost: address.lamppost },
        kind,
        outcome.payload,
      );
      // An async function keeps its locals while it waits; the parsed payload holds the raw
      // audio, so let it go before the append. Only the filtered facts wait for it.
      outcome = undefined;
      return await this.admit(
        address,
        topic,
        payload.length,
        kind,
        seq,
        filtered,
        nowMs,
        started,
        seqKey,
        digest,
      );
    } finally {
      this.inFlight.delete(flightKey);
      settle();
    }
  }

  /** Appends what the filter let through from a valid, new message (or records the refusal). */
  private async admit(
    address: ReadingTopic,
    topic: string,
    sizeBytes: number,
    kind: SensorKind,
    seq: number,
    filtered: FilterOutcome,
    nowMs: number,
    started: bigint,
    seqKey: string,
    digest: string,
  ): Promise<IngestResult> {
    const { metrics, filter } = this.deps;
    if (filtered.kind === 'reject') {
      const rule = filter.provenance(address.lab);
      return this.refuse(
        address,
        topic,
        sizeBytes,
        {
          code: FILTER_CODES[filtered.code] ?? 'FILTER_REFUSED',
          message: filtered.message,
          ...(filtered.field !== undefined && { field: filtered.field }),
          seq,
        },
        nowMs,
        rule,
      );
    }

    const receivedAt = new Date(nowMs).toISOString();
    const facts = filtered.readings.map((fact, index) => {
      const direct = fact.kind === kind && !isWindowedKind(kind);
      const data = toReadingRecorded(fact, receivedAt, direct ? seq : undefined);
      const id = direct
        ? readingEventId({
            lab: address.lab,
            lamppost: address.lamppost,
            kind,
            seq,
            index,
          })
        : windowEventId(data);
      return { id, data, direct };
    });
    // The seq memory above knows only the latest seq per device and kind, and nothing after a
    // restart: facts whose ids derive from the seq are also judged against the log itself.
    const direct = facts.filter((f) => f.direct);
    if (direct.length > 0) {
      const stored = await this.durably(() =>
        Promise.all(direct.map((f) => this.deps.store.findEvent(readingStreamId(f.data), f.id))),
      );
      const verdict = judgeAgainstStored(direct, stored);
      if (verdict === 'duplicate') return { status: 'duplicate' };
      if (verdict === 'conflict') {
        return this.refuse(address, topic, sizeBytes, duplicateConflict(seq), nowMs);
      }
    }
    await this.append(facts);
    this.seqs.remember(seqKey, seq, digest);
    metrics.appendLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    if (facts.length === 0) return { status: 'stored' };
    const forward = facts.length === 1 ? facts[0].data : facts.map((f) => f.data);
    return { status: 'stored', forward: Buffer.from(JSON.stringify(forward)) };
  }

  /** Stores facts the filter emitted on its own (windows closed by the clock or at shutdown). */
  async storeWindowFacts(readings: readonly FilteredReading[]): Promise<void> {
    const receivedAt = new Date(this.clock()).toISOString();
    await this.append(
      readings.map((fact) => {
        const data = toReadingRecorded(fact, receivedAt);
        return { id: windowEventId(data), data };
      }),
    );
  }

  /** Records a disconnect for misbehaviour. */
  async recordDisconnect(event: DeviceDisconnected): Promise<void> {
    await this.durably(() =>
      this.deps.store.appendToStream(rejectionStreamId(event), [
        { id: crypto.randomUUID(), type: DEVICE_DISCONNECTED, data: event },
      ]),
    );
  }

  /** Runs a store call; its failure becomes a StoreFailure (see `ingest`). */
  private async durably<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw error instanceof StoreFailure ? error : new StoreFailure(error);
    }
  }

  private async append(facts: readonly { id: string; data: ReadingRecorded }[]): Promise<void> {
    const byStream = new Map<string, NewEvent[]>();
    for (const { id, data } of facts) {
      const streamId = readingStreamId(data);
      const events = byStream.get(streamId) ?? [];
      events.push({ id, type: READING_RECORDED, data });
      byStream.set(streamId, events);
    }
    await this.durably(() =>
      Promise.all(
        [...byStream].map(([streamId, events]) => this.deps.store.appendToStream(streamId, events)),
      ),
    );
    if (facts.length > 0)
      this.deps.metrics.eventsAppended.inc({ type: READING_RECORDED }, facts.length);
  }

  private async refuse(
    address: ReadingTopic,
    topic: string,
    sizeBytes: number,
    rejection: Rejection,
    nowMs: number,
    rule?: RuleStamp,
  ): Promise<IngestResult> {
    const device = `${address.lab}/${address.lamppost}`;
    this.deps.metrics.messagesRejected.inc({ code: rejection.code });
    const { verdict, count } = this.badSenders.refused(device, nowMs);
    const at = new Date(nowMs).toISOString();
    if (verdict === 'disconnect') {
      const reason = `${count} refused messages within ${Math.round((this.deps.limits.badSenders?.windowMs ?? 60_000) / 1000)} s`;
      await this.recordDisconnect({
        lab: address.lab,
        lamppost: address.lamppost,
        reason,
        rejectionsInWindow: count,
        at,
      });
      return { status: 'disconnect', reason };
    }
    const replyTopic = rejectedTopic(address);
    if (verdict === 'throttle') {
      // Still refused, no longer recorded one by one; at most one reply a second.
      const last = this.lastReply.get(device) ?? 0;
      const reply = nowMs - last >= 1000;
      if (reply) this.lastReply.set(device, nowMs);
      return { status: 'rejected', rejection, replyTopic, reply };
    }
    await this.recordRefusal({
      lab: address.lab,
      lamppost: address.lamppost,
      topic,
      code: rejection.code,
      reason: storedReason(rejection),
      ...(rejection.field !== undefined && { field: rejection.field }),
      ...(rejection.seq !== undefined && { seq: rejection.seq }),
      sizeBytes,
      ...(rule && { rule }),
      receivedAt: at,
    });
    return { status: 'rejected', rejection, replyTopic, reply: true };
  }

  /**
   * Records a PUBLISH the broker's ACL refused (outside the device's prefix; the broker closes
   * the connection), so the device's partner sees it too. Counted against the same bad-sender
   * budget as every refusal: a device that reconnects and repeats it is recorded at most
   * `throttleAfter` times a window.
   */
  async recordAclRefusal(
    device: { readonly lab: string; readonly lamppost: string },
    topic: string,
    sizeBytes: number,
    message: string,
  ): Promise<void> {
    const nowMs = this.clock();
    this.deps.metrics.messagesRejected.inc({ code: 'TOPIC_NOT_ALLOWED' });
    const { verdict } = this.badSenders.refused(`${device.lab}/${device.lamppost}`, nowMs);
    if (verdict !== 'record') return;
    await this.recordRefusal({
      lab: device.lab,
      lamppost: device.lamppost,
      topic: topic.length > 200 ? `${topic.slice(0, 200)}...` : topic,
      code: 'TOPIC_NOT_ALLOWED',
      reason: storedReason({ code: 'TOPIC_NOT_ALLOWED', message }),
      sizeBytes,
      receivedAt: new Date(nowMs).toISOString(),
    });
  }

  private async recordRefusal(event: MessageRejected): Promise<void> {
    await this.durably(() =>
      this.deps.store.appendToStream(rejectionStreamId(event), [
        { id: crypto.randomUUID(), type: MESSAGE_REJECTED, data: event },
      ]),
    );
    this.deps.metrics.eventsAppended.inc({ type: MESSAGE_REJECTED });
  }
}
