import { createHash } from 'node:crypto';
import type { ReadingRecorded } from '@hub/contracts';

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
