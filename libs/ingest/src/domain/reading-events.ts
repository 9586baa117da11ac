import { createHash } from 'node:crypto';
import type { RejectionCode } from './rejection.js';

export const READING_RECORDED = 'ReadingRecorded';
export const MESSAGE_REJECTED = 'MessageRejected';

/** The event stored for every accepted reading: only filtered values, never raw input. */
export interface ReadingRecorded {
  readonly lab: string;
  readonly lamppost: string;
  readonly kind: string;
  readonly seq: number;
  readonly observedAt: string;
  readonly values: Readonly<Record<string, unknown>>;
  readonly receivedAt: string;
}

/** The event stored for a refused message: who, where, why and how big, but no payload bytes. */
export interface MessageRejected {
  readonly lab: string;
  readonly lamppost: string;
  readonly topic: string;
  readonly code: RejectionCode;
  readonly field?: string;
  readonly seq?: number;
  readonly sizeBytes: number;
  readonly receivedAt: string;
}

/** One stream per lamppost and kind: `reading-{lab}.{lamppost}.{kind}`. */
export const readingStreamId = (r: { lab: string; lamppost: string; kind: string }): string =>
  `reading-${r.lab}.${r.lamppost}.${r.kind}`;

export const rejectionStreamId = (r: { lab: string; lamppost: string }): string =>
  `rejection-${r.lab}.${r.lamppost}`;

/**
 * A name-based UUID (RFC 9562 version 8 layout over SHA-256) of the reading's identity
 * (device, kind, seq). A redelivery after a lost PUBACK yields the same id, so the store's
 * idempotent append keeps one event.
 */
export function readingEventId(r: {
  lab: string;
  lamppost: string;
  kind: string;
  seq: number;
}): string {
  const h = createHash('sha256')
    .update(`reading\0${r.lab}\0${r.lamppost}\0${r.kind}\0${r.seq}`)
    .digest();
  h[6] = (h[6] & 0x0f) | 0x80; // version 8
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 9562 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
