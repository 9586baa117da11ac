import { reject, type RejectOutcome } from './filter-types.js';

/** Fields every payload has; used for ordering and time, not stored and not "dropped". */
export const ENVELOPE_FIELDS = ['seq', 'observedAt'] as const;

export interface Envelope {
  payload: Record<string, unknown>;
  observedAtMs: number;
}

/**
 * Re-check the envelope (validated upstream, but the filter must not trust its input).
 *
 * `maxFutureSkewMs` bounds how far observedAt may lie ahead of the hub's clock. Without a bound,
 * one message stamped next year would open a window that makes every later message of its stream
 * "late". It is the caller's setting (HUB_MAX_CLOCK_SKEW_SEC in the hub), never a constant of its
 * own: one setting governs every time check, so the validator and the filter cannot disagree.
 */
export function readEnvelope(
  payload: unknown,
  nowMs: number,
  maxFutureSkewMs: number,
): Envelope | RejectOutcome {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return reject('PAYLOAD_INVALID', 'payload must be an object');
  }
  const p = payload as Record<string, unknown>;
  if (typeof p.seq !== 'number' || !Number.isInteger(p.seq) || p.seq < 0) {
    return reject('PAYLOAD_INVALID', 'seq must be a non-negative integer', 'seq');
  }
  const ms = typeof p.observedAt === 'string' ? Date.parse(p.observedAt) : Number.NaN;
  if (!Number.isFinite(ms))
    return reject('PAYLOAD_INVALID', 'observedAt must be an ISO time', 'observedAt');
  if (ms > nowMs + maxFutureSkewMs) {
    return reject(
      'FUTURE_TIMESTAMP',
      `observedAt is more than ${Math.round(maxFutureSkewMs / 1000)} s in the future; synchronise the device clock (NTP)`,
      'observedAt',
    );
  }
  return { payload: p, observedAtMs: ms };
}
