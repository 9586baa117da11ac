import type { RejectCode, FilterOutcome } from '@hub/privacy';
import type {
  DeviceDisconnected,
  MessageRejected,
  Rejection,
  RejectionCode,
  RuleStamp,
} from '@hub/contracts';
import { storedReason } from '../domain/stored-reason.js';
import {
  BadSenderPolicy,
  DEFAULT_BAD_SENDER_LIMITS,
  type BadSenderLimits,
} from './bad-sender-policy.js';

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
  // The hub's audio thread failed on the chunk (crashed, stuck): the hub's fault, nothing stored.
  AUDIO_WORKER_FAILED: 'INTERNAL_ERROR',
  // The device sends sound faster than it is weighed: the chunk was dropped before queuing.
  AUDIO_BACKLOG_FULL: 'AUDIO_BACKLOG_FULL',
};

/** The refusal of a seq reused with a different body. */
export const duplicateConflict = (seq: number): Rejection => ({
  code: 'DUPLICATE_CONFLICT',
  message: `seq ${seq} was already received with a different body; never reuse a seq`,
  field: 'seq',
  seq,
});

/** The refusal of a message that failed in a way no check foresaw (a bug). */
export const internalError: Rejection = {
  code: 'INTERNAL_ERROR',
  message:
    'the hub could not process this message; it was not stored (the operator sees it in the hub log)',
};

/** A privacy-filter refusal as the device hears it. */
export function filterRefusal(
  refused: Extract<FilterOutcome, { kind: 'reject' }>,
  seq: number,
): Rejection {
  return {
    code: FILTER_CODES[refused.code] ?? 'FILTER_REFUSED',
    message: refused.message,
    ...(refused.field !== undefined && { field: refused.field }),
    seq,
  };
}

/** A refused message on a reading topic. */
export interface RefusedMessage {
  readonly lab: string;
  readonly lamppost: string;
  readonly topic: string;
  readonly sizeBytes: number;
  readonly rejection: Rejection;
  /** The rule set that refused it, for refusals by the privacy filter. */
  readonly rule?: RuleStamp;
  /** Milliseconds since the epoch. */
  readonly nowMs: number;
}

/** What becomes of a refusal: recorded and answered, answered only (throttled), or a disconnect. */
export type RefusalDecision =
  | { readonly action: 'record'; readonly event: MessageRejected }
  | { readonly action: 'reply-only'; readonly reply: boolean }
  | { readonly action: 'disconnect'; readonly event: DeviceDisconnected; readonly reason: string };

/**
 * Which refusal becomes which MessageRejected, reply or disconnect. A device that keeps sending bad
 * messages is first throttled (still refused, no longer recorded one by one, at most one reply a
 * second) and then disconnected (see BadSenderPolicy). Holds no I/O: the caller stores the event.
 */
export class RefusalPolicy {
  private readonly badSenders: BadSenderPolicy;
  private readonly windowMs: number;
  private readonly lastReply = new Map<string, number>();

  constructor(limits: BadSenderLimits | undefined) {
    this.badSenders = new BadSenderPolicy(limits);
    this.windowMs = limits?.windowMs ?? DEFAULT_BAD_SENDER_LIMITS.windowMs;
  }

  refused(message: RefusedMessage): RefusalDecision {
    const { lab, lamppost, rejection, nowMs } = message;
    const device = `${lab}/${lamppost}`;
    const { verdict, count } = this.badSenders.refused(device, nowMs);
    const at = new Date(nowMs).toISOString();
    if (verdict === 'disconnect') {
      const reason = `${count} refused messages within ${Math.round(this.windowMs / 1000)} s`;
      const event = { lab, lamppost, reason, rejectionsInWindow: count, at };
      return { action: 'disconnect', event, reason };
    }
    if (verdict === 'throttle') {
      const last = this.lastReply.get(device) ?? 0;
      const reply = nowMs - last >= 1000;
      if (reply) this.lastReply.set(device, nowMs);
      return { action: 'reply-only', reply };
    }
    return {
      action: 'record',
      event: {
        lab,
        lamppost,
        topic: message.topic,
        code: rejection.code,
        reason: storedReason(rejection),
        ...(rejection.field !== undefined && { field: rejection.field }),
        ...(rejection.seq !== undefined && { seq: rejection.seq }),
        sizeBytes: message.sizeBytes,
        ...(message.rule && { rule: message.rule }),
        receivedAt: at,
      },
    };
  }

  /**
   * A PUBLISH the broker's ACL refused (outside the device's prefix), counted against the same
   * bad-sender budget as every refusal: recorded at most `throttleAfter` times a window, never a
   * disconnect of its own (the broker closes the connection anyway).
   */
  aclRefused(input: {
    readonly lab: string;
    readonly lamppost: string;
    readonly topic: string;
    readonly sizeBytes: number;
    readonly message: string;
    readonly nowMs: number;
  }): MessageRejected | undefined {
    const { lab, lamppost, topic } = input;
    const { verdict } = this.badSenders.refused(`${lab}/${lamppost}`, input.nowMs);
    if (verdict !== 'record') return undefined;
    return {
      lab,
      lamppost,
      topic: topic.length > 200 ? `${topic.slice(0, 200)}...` : topic,
      code: 'TOPIC_NOT_ALLOWED',
      reason: storedReason({ code: 'TOPIC_NOT_ALLOWED', message: input.message }),
      sizeBytes: input.sizeBytes,
      receivedAt: new Date(input.nowMs).toISOString(),
    };
  }
}
