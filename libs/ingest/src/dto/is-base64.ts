import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

const ALPHABET = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') {
  ALPHABET[c.charCodeAt(0)] = 1;
}
const PAD = '='.charCodeAt(0);

/**
 * Standard base64 with padding (RFC 4648 section 4). A plain loop: raw audio chunks are ~100 KB of
 * base64, and the regular expression class-validator uses cost more than the audio filter itself.
 */
export function isPaddedBase64(value: string): boolean {
  const n = value.length;
  if (n === 0 || n % 4 !== 0) return false;
  let end = n;
  if (value.charCodeAt(n - 1) === PAD) end = value.charCodeAt(n - 2) === PAD ? n - 2 : n - 1;
  for (let i = 0; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128 || ALPHABET[c] !== 1) return false;
  }
  return true;
}

export const IS_BASE64 = 'isPaddedBase64';

export function IsPaddedBase64(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_BASE64,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isPaddedBase64(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be base64 with padding (RFC 4648)`,
          options,
        ),
      },
    },
    options,
  );
}
