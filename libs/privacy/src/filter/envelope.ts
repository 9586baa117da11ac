import { reject, type RejectOutcome } from './filter-types.js';

/** Fields every payload has; used for ordering and time, not stored and not "dropped". */
export const ENVELOPE_FIELDS = ['seq', 'observedAt'] as const;

export interface Envelope {
  payload: Record<string, unknown>;
  observedAtMs: number;
}

/**
 * How far observedAt may lie ahead of the hub's clock. Without a bound, one message stamped
 * next year would open a window that makes every later message of its stream "late".
 */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

/** Re-check the envelope (validated upstream, but the filter must not trust its input). */
export function readEnvelope(payload: unknown, nowMs: number): Envelope | RejectOutcome {
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
  if (ms > nowMs + MAX_FUTURE_SKEW_MS) {
    return reject('PAYLOAD_INVALID', 'observedAt is too far in the future', 'observedAt');
  }
  return { payload: p, observedAtMs: ms };
}
