export type RawSignature =
  'jpeg-magic' | 'png-magic' | 'riff-magic' | 'base64-run' | 'binary-run' | 'mac-address' | 'plate';

export interface ScanFinding {
  signature: RawSignature;
  /** Offset in the input: bytes for a Uint8Array, UTF-16 code units for a string. */
  offset: number;
  length: number;
  /** Caller-supplied location (file name, stream, field path). */
  location: string;
  /** 'base64' when a magic number was found in its base64-encoded form. */
  encoding?: 'binary' | 'base64';
}

/**
 * Thresholds (documented in docs/privacy-rules.md):
 * - A base64 run is >= 256 characters of the base64/base64url alphabet containing upper case,
 *   lower case and digits. 256 characters = 192 bytes (2 ms of 48 kHz PCM, a JPEG header).
 *   Hex digests (SHA-256 = 64 chars, single case) and pseudonyms never qualify.
 * - A binary run is >= 64 bytes in blocks of 64 where at least 16 bytes are not text
 *   (control characters other than tab/CR/LF, or bytes that are not valid UTF-8).
 */
export const BASE64_RUN_MIN = 256;
export const BINARY_BLOCK = 64;
export const BINARY_BLOCK_MIN_NONTEXT = 16;

/** Base64 prefixes of magic numbers: FF D8 FF -> "/9j/", 89 PNG -> "iVBORw0KGgo", RIFF -> "UklGR". */
export const BASE64_MAGIC: ReadonlyArray<[string, RawSignature]> = [
  ['/9j/', 'jpeg-magic'],
  ['iVBORw0KGgo', 'png-magic'],
  ['UklGR', 'riff-magic'],
];

/**
 * MAC-48 in colon/hyphen notation or Cisco dotted notation, not embedded in longer hex/colon runs
 * (so IPv6 addresses and hex digests do not match). Bare 12-hex-digit strings are not reported:
 * they cannot be told apart from digests.
 */
export const MAC_PATTERN =
  /(?<![0-9A-Fa-f:.-])(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![0-9A-Fa-f:.-])/g;

/**
 * Dutch licence plates in their dashed side-code forms (RDW side codes 1-14), upper-case letters.
 * At least one letter group is required, so dates and version numbers never match.
 */
const L = '[A-Z]';
const D = '[0-9]';
const SIDE_CODES = [
  [L, L, D, D, D, D],
  [D, D, D, D, L, L],
  [D, D, L, L, D, D],
  [L, L, D, D, L, L],
  [L, L, L, L, D, D],
  [D, D, L, L, L, L],
].map(([a, b, c, d, e, f]) => `${a}${b}-${c}${d}-${e}${f}`);
const SIDE_CODES_ODD = [
  `${D}{2}-${L}{3}-${D}`,
  `${D}-${L}{3}-${D}{2}`,
  `${L}{2}-${D}{3}-${L}`,
  `${L}-${D}{3}-${L}{2}`,
  `${L}{3}-${D}{2}-${L}`,
  `${L}-${D}{2}-${L}{3}`,
  `${D}-${L}{2}-${D}{3}`,
  `${D}{3}-${L}{2}-${D}`,
];
export const PLATE_PATTERN = new RegExp(
  `(?<![A-Za-z0-9-])(?:${[...SIDE_CODES, ...SIDE_CODES_ODD].join('|')})(?![A-Za-z0-9-])`,
  'g',
);
