import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { isPaddedBase64 } from './is-base64.js';

/** RFC 4648 section 4 with padding, spelled out: the verdict the fast path must reproduce. */
const definition = (s: string): boolean =>
  s.length > 0 && s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Characters Node's lenient decoder skips, maps or stops at. */
const INTRUDERS = ['-', '_', '=', ' ', '\n', '.', '!', '\0', '\u00ff', '\u0141', '\u{1F600}'];

const canonical = fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b).toString('base64'));
/** Valid but not canonical: the last character before padding carries non-zero unused bits. */
const loose = fc
  .tuple(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 400 }), fc.integer({ min: 0, max: 2 }))
  .map(([chars, pad]) => {
    const body = chars.join('');
    const cut = body.slice(
      0,
      body.length - (body.length % 4) - (pad && body.length >= 4 ? pad : 0),
    );
    return cut + '='.repeat(cut.length % 4 === 0 ? 0 : 4 - (cut.length % 4));
  });
const mutated = fc
  .tuple(fc.oneof(canonical, loose), fc.nat(), fc.constantFrom(...INTRUDERS), fc.boolean())
  .map(([s, at, c, replace]) => {
    const i = s.length === 0 ? 0 : at % s.length;
    return s.slice(0, i) + c + s.slice(replace ? i + c.length : i);
  });

describe('isPaddedBase64', () => {
  test('matches the definition on canonical, loose, corrupted and arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(canonical, loose, mutated, fc.string({ unit: 'binary', maxLength: 64 })),
        (s) => expect(isPaddedBase64(s)).toBe(definition(s)),
      ),
      { numRuns: 2000 },
    );
  });

  test.each([
    ['', false],
    ['====', false],
    ['A===', false],
    ['AA==', true],
    ['AB==', true], // non-zero unused bits: valid, not canonical
    ['AAA=', true],
    ['AAAA', true],
    ['AA=A', false],
    ['AA-_', false], // URL-safe alphabet: Node decodes it, RFC 4648 section 4 does not allow it
    ['AAA', false],
    ['AAAA\n', false],
    ['AAA\u0141', false],
  ])('%j -> %s', (s, expected) => {
    expect(isPaddedBase64(s)).toBe(expected);
    expect(definition(s)).toBe(expected);
  });

  test('a 1 s audio chunk of base64 after a longer one and after a corrupted one', () => {
    const long = Buffer.alloc(96_000, 7).toString('base64');
    const chunk = Buffer.from(Int16Array.from({ length: 32_000 }, (_, i) => i - 16_000).buffer);
    const b64 = chunk.toString('base64');
    expect(isPaddedBase64(long)).toBe(true);
    expect(isPaddedBase64(`${b64.slice(0, 100)}!${b64.slice(101)}`)).toBe(false);
    expect(isPaddedBase64(b64)).toBe(true);
  });
});
