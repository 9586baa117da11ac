import { createHash } from 'node:crypto';
import type { RejectionCode } from './rejection.js';

export const READING_RECORDED = 'ReadingRecorded';
export const MESSAGE_REJECTED = 'MessageRejected';
export const DEVICE_DISCONNECTED = 'DeviceDisconnected';

export interface RuleStamp {
  readonly id: string;
  readonly version: number;
  readonly hash: string;
}

/**
 * The event stored for every fact the privacy filter let through: derived values only, never raw
 * input, stamped with the rule set version that produced it.
 */
export interface ReadingRecorded {
  readonly lab: string;
  /** The lamppost, or the grid cell when the rule generalises location further. */
  readonly lamppost: string;
  readonly location:
    { readonly lamppost: string } | { readonly gridCell: string; readonly cellMeters: number };
  readonly kind: string;
  /** The device's seq for facts derived from one message; absent for windowed aggregates. */
  readonly seq?: number;
  /** Start of the time bucket or window (ISO-8601, UTC). */
  readonly observedAt: string;
  readonly intervalSeconds: number;
  /** `owner`: exact, for the lab's owner only; `shared`: the noisy twin for others; `any`: both. */
  readonly audience: 'any' | 'owner' | 'shared';
  readonly values: Readonly<Record<string, unknown>>;
  readonly rule: RuleStamp;
  readonly transforms: readonly string[];
  readonly receivedAt: string;
}

/** The event stored for a refused message: who, where, why and how big, but no payload bytes. */
export interface MessageRejected {
  readonly lab: string;
  readonly lamppost: string;
  readonly topic: string;
  readonly code: RejectionCode;
  /** Why, in the hub's words (stored-reason.ts; absent in events written before it was kept). */
  readonly reason?: string;
  readonly field?: string;
  readonly seq?: number;
  readonly sizeBytes: number;
  /** The rule set that refused it, for refusals by the privacy filter. */
  readonly rule?: RuleStamp;
  readonly receivedAt: string;
}

/** A device the hub disconnected for misbehaving. */
export interface DeviceDisconnected {
  readonly lab: string;
  readonly lamppost: string;
  readonly reason: string;
  readonly rejectionsInWindow: number;
  readonly at: string;
}

/** One stream per location and kind: `reading-{lab}.{lamppost or cell}.{kind}`. */
export const readingStreamId = (r: { lab: string; lamppost: string; kind: string }): string =>
  `reading-${r.lab}.${r.lamppost}.${r.kind}`;

export const rejectionStreamId = (r: { lab: string; lamppost: string }): string =>
  `rejection-${r.lab}.${r.lamppost}`;

/** A name-based UUID (RFC 9562 version 8 layout over SHA-256) of the given identity parts. */
export function nameBasedId(...parts: readonly (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('\0')).digest();
  h[6] = (h[6] & 0x0f) | 0x80; // version 8
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 9562 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Id of a fact derived from one device message: a redelivery after a lost PUBACK yields the same
 * id, so the store's idempotent append keeps one event.
 */
export const readingEventId = (r: {
  lab: string;
  lamppost: string;
  kind: string;
  seq: number;
  index?: number;
}): string => nameBasedId('reading', r.lab, r.lamppost, r.kind, r.seq, r.index ?? 0);

/** Id of a windowed aggregate: one per window, location, audience and rule version. */
export const windowEventId = (r: ReadingRecorded): string =>
  nameBasedId(
    'window',
    r.lab,
    r.lamppost,
    r.kind,
    r.observedAt,
    r.intervalSeconds,
    r.audience,
    r.rule.hash,
  );
