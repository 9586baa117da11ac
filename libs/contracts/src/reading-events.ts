import type { StoredAudience } from './audience.js';
import type { RejectionCode } from './rejection.js';
import type { RuleStamp } from './rule-stamp.js';

export const READING_RECORDED = 'ReadingRecorded';
export const MESSAGE_REJECTED = 'MessageRejected';
export const DEVICE_DISCONNECTED = 'DeviceDisconnected';

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
  readonly audience: StoredAudience;
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
