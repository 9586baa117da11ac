import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { PcmDecoder } from './pcm.js';

/** The straightforward decoding: a fresh Buffer, then little-endian pairs. */
function reference(base64: string): number[] | null {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % 2 !== 0) return null;
  const out: number[] = [];
  for (let j = 0; j < bytes.length; j += 2) out.push(bytes.readInt16LE(j));
  return out;
}

/** Decodes with `decoder`, keeping a handle on the samples so the test can see them wiped. */
function decode(decoder: PcmDecoder, base64: string) {
  let seen: number[] | null = null;
  let view: Int16Array | undefined;
  const whole = decoder.withSamples(base64, (samples) => {
    view = samples;
    seen = Array.from(samples);
  });
  return { whole, seen, view };
}

const samples = fc
  .array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 5000 })
  .map((xs) => Buffer.from(Int16Array.from(xs).buffer).toString('base64'));
const oddBytes = fc
  .uint8Array({ maxLength: 999 })
  .filter((b) => b.length % 2 === 1)
  .map((b) => Buffer.from(b).toString('base64'));
/** Text the lenient decoder still reads: URL-safe characters, whitespace, '=' inside, junk. */
const malformed = fc
  .tuple(samples, fc.nat(), fc.constantFrom('-', '_', ' ', '\n', '=', '!', '\u0141', 'A'))
  .map(([s, at, c]) => {
    const i = s.length === 0 ? 0 : at % s.length;
    return s.slice(0, i) + c + s.slice(i);
  });

describe('PcmDecoder', () => {
  test('same samples and verdict as a fresh Buffer.from; wiped after every call', () => {
    const decoder = new PcmDecoder(); // one decoder for the whole run: its buffer is reused
    fc.assert(
      fc.property(fc.oneof(samples, oddBytes, malformed, fc.constant('')), (base64) => {
        const expected = reference(base64);
        const { whole, seen, view } = decode(decoder, base64);
        expect(whole).toBe(expected !== null);
        expect(seen).toEqual(expected);
        if (view) {
          expect(view.every((x) => x === 0)).toBe(true);
          expect(new Uint8Array(view.buffer).every((x) => x === 0)).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  });

  test('odd byte counts are refused without folding, and the bytes are wiped', () => {
    const decoder = new PcmDecoder();
    let folded = false;
    expect(
      decoder.withSamples(Buffer.from([1, 2, 3]).toString('base64'), () => (folded = true)),
    ).toBe(false);
    expect(folded).toBe(false);
    const { view } = decode(decoder, Buffer.from([0, 0]).toString('base64'));
    expect(view && new Uint8Array(view.buffer).every((x) => x === 0)).toBe(true);
  });

  test('samples are wiped when folding throws', () => {
    const decoder = new PcmDecoder();
    let view: Int16Array | undefined;
    const pcm = Buffer.from(Int16Array.from([1000, -1000, 7]).buffer).toString('base64');
    expect(() =>
      decoder.withSamples(pcm, (s) => {
        view = s;
        expect(Array.from(s)).toEqual([1000, -1000, 7]);
        throw new Error('fold failed');
      }),
    ).toThrow('fold failed');
    expect(view && new Uint8Array(view.buffer).every((x) => x === 0)).toBe(true);
  });
});
