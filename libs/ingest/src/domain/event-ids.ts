import { hash } from 'node:crypto';
import type { ReadingRecorded } from '@hub/contracts';

/** A name-based UUID (RFC 9562 version 8 layout over SHA-256) of the given identity parts. */
export function nameBasedId(...parts: readonly (string | number)[]): string {
  // One-shot hash: no Hash object per id. In hex, the version is digit 12 and the variant's two
  // bits are the top of digit 16.
  const hex = hash('sha256', parts.join('\0'), 'hex');
  const version = '8';
  const variant = VARIANT_DIGITS[parseInt(hex[16], 16) & 0x3];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${version}${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The RFC 9562 variant (binary 10xx) of a digit whose low two bits are kept. */
const VARIANT_DIGITS = ['8', '9', 'a', 'b'];

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
