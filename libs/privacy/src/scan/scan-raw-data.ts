import {
  BASE64_MAGIC,
  BASE64_RUN_MIN,
  BINARY_BLOCK,
  BINARY_BLOCK_MIN_NONTEXT,
  MAC_PATTERN,
  PLATE_PATTERN,
  type RawSignature,
  type ScanFinding,
} from './signatures.js';

const BASE64_RUN = new RegExp(`[A-Za-z0-9+/_-]{${BASE64_RUN_MIN},}={0,2}`, 'g');

/**
 * Report raw-data signatures in bytes or text: magic numbers (binary or base64-encoded), long
 * base64 or binary runs, MAC addresses and licence plates. Pure: no I/O, the caller reads files.
 */
export function scanForRawData(input: Uint8Array | string, location = ''): ScanFinding[] {
  const findings: ScanFinding[] = [];
  const add = (
    signature: RawSignature,
    offset: number,
    length: number,
    encoding?: 'binary' | 'base64',
  ) => findings.push({ signature, offset, length, location, ...(encoding ? { encoding } : {}) });
  const at =
    typeof input === 'string' ? (i: number) => input.charCodeAt(i) : (i: number) => input[i];
  const n = input.length;
  // Latin-1 view keeps one character per byte, so regex offsets are byte offsets.
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');

  for (let i = 0; i + 2 < n; i++) {
    const b = at(i);
    if (b === 0xff && at(i + 1) === 0xd8 && at(i + 2) === 0xff) add('jpeg-magic', i, 3, 'binary');
    else if (b === 0x89 && text.startsWith('PNG\r\n\x1a\n', i + 1))
      add('png-magic', i, 8, 'binary');
    else if (
      b === 0x52 &&
      text.startsWith('RIFF', i) &&
      /^(WAVE|AVI |WEBP)/.test(text.slice(i + 8, i + 12))
    ) {
      add('riff-magic', i, 12, 'binary');
    }
  }

  for (const m of text.matchAll(BASE64_RUN)) {
    const run = m[0];
    if (/[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run))
      add('base64-run', m.index, run.length);
  }
  for (const [prefix, signature] of BASE64_MAGIC) {
    let i = text.indexOf(prefix);
    while (i >= 0) {
      // Only at the start of a base64 token of some length, so prose like "a/9j/" does not count.
      const token = /^[A-Za-z0-9+/]{16,}/.exec(text.slice(i, i + 64));
      const boundary = i === 0 || !/[A-Za-z0-9+/]/.test(text[i - 1]);
      if (token && boundary) add(signature, i, prefix.length, 'base64');
      i = text.indexOf(prefix, i + 1);
    }
  }

  findBinaryRuns(at, n, typeof input === 'string', add);
  for (const m of text.matchAll(MAC_PATTERN)) add('mac-address', m.index, m[0].length);
  for (const m of text.matchAll(PLATE_PATTERN)) add('plate', m.index, m[0].length);
  return findings.sort((a, b) => a.offset - b.offset);
}

/** Counts per signature, for a scan report. */
export function summariseFindings(findings: ScanFinding[]): Partial<Record<RawSignature, number>> {
  const out: Partial<Record<RawSignature, number>> = {};
  for (const f of findings) out[f.signature] = (out[f.signature] ?? 0) + 1;
  return out;
}

function findBinaryRuns(
  at: (i: number) => number,
  n: number,
  isString: boolean,
  add: (s: RawSignature, offset: number, length: number) => void,
): void {
  let runStart = -1;
  for (let block = 0; block < n; block += BINARY_BLOCK) {
    const end = Math.min(n, block + BINARY_BLOCK);
    let nonText = 0;
    for (let i = block; i < end;) {
      const step = textStep(at, i, end, isString);
      if (step === 0) {
        nonText++;
        i++;
      } else i += step;
    }
    const binary = end - block === BINARY_BLOCK && nonText >= BINARY_BLOCK_MIN_NONTEXT;
    if (binary && runStart < 0) runStart = block;
    if (!binary && runStart >= 0) {
      add('binary-run', runStart, block - runStart);
      runStart = -1;
    }
  }
  if (runStart >= 0) add('binary-run', runStart, n - runStart);
}

/**
 * Length of the text character at i (1 for printable ASCII/whitespace, 2-4 for a valid UTF-8
 * sequence) or 0 when the unit at i is not text. For strings, U+FFFD and C0 controls are not text.
 */
function textStep(at: (i: number) => number, i: number, end: number, isString: boolean): number {
  const b = at(i);
  if (b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f)) return 1;
  if (b < 0x20 || b === 0x7f) return 0;
  if (isString) return b === 0xfffd || (b >= 0x80 && b < 0xa0) ? 0 : 1;
  const len =
    b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (len === 0 || i + len > end) return 0;
  for (let k = 1; k < len; k++) if ((at(i + k) & 0xc0) !== 0x80) return 0;
  return len;
}
