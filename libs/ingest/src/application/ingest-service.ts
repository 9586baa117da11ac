import type { EventStore } from '@hub/event-store';
import { closedLabel, type HubMetrics } from '@hub/ops';
import type { FilteredReading, PrivacyFilter } from '@hub/privacy';
import {
  SENSOR_KINDS,
  type DeviceDisconnected,
  type Rejection,
  type RuleStamp,
  type RuleVersions,
  type SensorKind,
  type HubLogger,
} from '@hub/contracts';
import { parseReadingTopic, rejectedTopic, type ReadingTopic } from '../domain/topic.js';
import type { BadSenderLimits } from './bad-sender-policy.js';
import { messageFacts, windowFacts, type PlannedFact } from './facts-to-events.js';
import { IngestLog } from './ingest-log.js';
import {
  duplicateConflict,
  filterRefusal,
  internalError,
  RefusalPolicy,
} from './refusal-policy.js';
import { SeqGate } from './seq-gate.js';
import { StoreFailure } from './store-failure.js';
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

export interface IngestDependencies {
  readonly store: EventStore;
  readonly logger?: HubLogger;
  readonly metrics: HubMetrics;
  readonly filter: PrivacyFilter;
  readonly limits: IngestLimits;
  /** Milliseconds since the epoch. */
  readonly clock?: () => number;
  /** The governance log's rule versions (RULE_VERSIONS): readings are stored compact with it. */
  readonly ruleVersions?: RuleVersions;
}

/** One message on a reading topic, as the steps after parsing its topic see it. */
interface Delivery {
  readonly address: ReadingTopic;
  readonly topic: string;
  readonly sizeBytes: number;
  /** Milliseconds since the epoch, read once per message. */
  readonly nowMs: number;
}

/** A valid message that passed the seq gate, with what the privacy filter made of it. */
interface Admission extends Delivery {
  readonly kind: SensorKind;
  readonly seq: number;
  readonly started: bigint;
}

/**
 * The ingest use case: validate a device message, pass it through the seq gate and the privacy
 * filter, and append the resulting facts (or the refusal) to the event log. Resolves only when
 * that is durable, so the broker can acknowledge. Raw payload bytes never reach the log, a reply
 * or a log line. The parts: validate-reading.ts (the payload), seq-gate.ts (in-flight and seq
 * decisions), facts-to-events.ts (pure: facts to events), refusal-policy.ts (which refusal becomes
 * which event and reply), ingest-log.ts (the appends).
 */
export class IngestService {
  private readonly clock: () => number;
  private readonly gate: SeqGate;
  private readonly refusals: RefusalPolicy;
  private readonly log: IngestLog;

  constructor(private readonly deps: IngestDependencies) {
    this.clock = deps.clock ?? Date.now;
    this.gate = new SeqGate(deps.store, deps.ruleVersions);
    this.refusals = new RefusalPolicy(deps.limits.badSenders);
    this.log = new IngestLog(deps.store, deps.metrics, deps.ruleVersions);
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
      return this.refuse({ address, topic, sizeBytes: payload.length, nowMs }, internalError);
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
    const delivery: Delivery = { address, topic, sizeBytes: payload.length, nowMs };

    // `let`: cleared before the append is awaited (see below).
    let outcome: ValidationOutcome | undefined = validateReading(
      address.kind,
      payload,
      limits.maxPayloadBytes,
      { nowMs, maxAgeMs: limits.maxReadingAgeMs, maxSkewMs: limits.maxClockSkewMs },
    );
    if (!outcome.ok) return this.refuse(delivery, outcome.rejection);

    const { kind } = outcome;
    const { seq } = outcome.payload;
    const entry = await this.gate.enter({ ...address, kind, seq, body: payload });
    if (entry.verdict !== 'new') {
      if (entry.verdict === 'duplicate') return { status: 'duplicate' };
      return this.refuse(delivery, duplicateConflict(seq));
    }
    const { pass } = entry;

    try {
      // Sound chunks may be weighed on the audio thread (HUB_AUDIO_THREAD=worker): the broker's
      // thread serves other devices meanwhile; this message's PUBACK still waits for its append.
      const filtered = await this.deps.filter.processAsync(
        { lab: address.lab, lamppost: address.lamppost },
        kind,
        outcome.payload,
      );
      // An async function keeps its locals while it waits; the parsed payload holds the raw
      // audio, so let it go before the append. Only the filtered facts wait for it.
      outcome = undefined;
      if (filtered.kind === 'reject') {
        const rule = this.deps.filter.provenance(address.lab);
        return await this.refuse(delivery, filterRefusal(filtered, seq), rule);
      }
      const result = await this.store({ ...delivery, kind, seq, started }, filtered.readings);
      if (result.status === 'stored') pass.remember();
      return result;
    } finally {
      pass.release();
    }
  }

  /** Appends what the filter let through from a valid, new message. */
  private async store(
    admission: Admission,
    readings: readonly FilteredReading[],
  ): Promise<IngestResult> {
    const { address, seq, nowMs } = admission;
    const facts = messageFacts({
      message: { lab: address.lab, lamppost: address.lamppost, kind: admission.kind, seq },
      facts: readings,
      receivedAt: new Date(nowMs).toISOString(),
    });
    const verdict = await this.appendNew(facts);
    if (verdict === 'duplicate') return { status: 'duplicate' };
    if (verdict === 'conflict') return this.refuse(admission, duplicateConflict(seq));
    this.deps.metrics.appendLatency.observe(
      Number(process.hrtime.bigint() - admission.started) / 1e9,
    );
    if (facts.length === 0) return { status: 'stored' };
    const forward = facts.length === 1 ? facts[0].data : facts.map((f) => f.data);
    return { status: 'stored', forward: Buffer.from(JSON.stringify(forward)) };
  }

  /**
   * Appends a message's facts unless their ids derive from a seq already stored (a resend, or
   * another body reusing the seq). Where the store marks retries and every fact is direct (one
   * stream), the append goes first and the store finds a stored id in its own transaction; the
   * stored events are read only then. Otherwise the ids are looked up before the append.
   */
  private async appendNew(
    facts: readonly PlannedFact[],
  ): Promise<'new' | 'duplicate' | 'conflict'> {
    const direct = facts.filter((f) => f.direct);
    if (direct.length > 0 && direct.length === facts.length && this.log.marksRetries) {
      const outcome = await this.log.appendUnlessStored(facts);
      if (outcome === 'stored') return 'new';
      if (outcome === 'some-stored') return 'conflict';
      const stored = await this.gate.againstLog(direct);
      // Gone between the two (retention): append as new.
      if (stored === 'new') await this.log.appendReadings(facts);
      return stored;
    }
    const verdict = await this.gate.againstLog(direct);
    if (verdict === 'new') await this.log.appendReadings(facts);
    return verdict;
  }

  /** Stores facts the filter emitted on its own (windows closed by the clock or at shutdown). */
  async storeWindowFacts(readings: readonly FilteredReading[]): Promise<void> {
    await this.log.appendReadings(windowFacts(readings, new Date(this.clock()).toISOString()));
  }

  /** Records a disconnect for misbehaviour. */
  async recordDisconnect(event: DeviceDisconnected): Promise<void> {
    await this.log.recordDisconnect(event);
  }

  private async refuse(
    delivery: Delivery,
    rejection: Rejection,
    rule?: RuleStamp,
  ): Promise<IngestResult> {
    const { address, topic, sizeBytes, nowMs } = delivery;
    this.deps.metrics.messagesRejected.inc({ code: rejection.code });
    const decision = this.refusals.refused({
      lab: address.lab,
      lamppost: address.lamppost,
      topic,
      sizeBytes,
      rejection,
      ...(rule && { rule }),
      nowMs,
    });
    if (decision.action === 'disconnect') {
      await this.log.recordDisconnect(decision.event);
      return { status: 'disconnect', reason: decision.reason };
    }
    const replyTopic = rejectedTopic(address);
    if (decision.action === 'reply-only') {
      return { status: 'rejected', rejection, replyTopic, reply: decision.reply };
    }
    await this.log.recordRefusal(decision.event);
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
    const event = this.refusals.aclRefused({ ...device, topic, sizeBytes, message, nowMs });
    if (event) await this.log.recordRefusal(event);
  }
}
