import type { Keyring } from './keyring.js';

/**
 * Normalise an identifier so that notations of the same MAC (case, ':' '-' '.') or plate
 * (case, '-' and spaces) map to the same pseudonym.
 */
export function normaliseIdentifier(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s:.-]/g, '');
}

/** First `bits` bits of a digest as hex (bits rounded up to whole hex digits are masked). */
export function truncateDigest(digest: Buffer, bits: number): string {
  const hexDigits = Math.ceil(bits / 4);
  const hex = digest.toString('hex', 0, Math.ceil(hexDigits / 2)).slice(0, hexDigits);
  const spare = hexDigits * 4 - bits;
  if (spare === 0) return hex;
  const last = parseInt(hex[hex.length - 1], 16) & (0xf << spare) & 0xf;
  return hex.slice(0, -1) + last.toString(16);
}

/** Keyed pseudonym: HMAC-SHA256 under the epoch key, truncated to `bits` bits. */
export function pseudonymise(
  keyring: Keyring,
  identifier: string,
  nowMs: number,
  bits: number,
): string {
  return truncateDigest(keyring.hmac(normaliseIdentifier(identifier), nowMs), bits);
}
