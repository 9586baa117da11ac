import { describe, expect, test } from '@jest/globals';
import {
  HubError,
  RuleHashMismatchError,
  RuleVersionBook,
  UnknownRuleVersionError,
  decodeReading,
  encodeReading,
  type CompactReadingRecorded,
  type ReadingRecorded,
  type ResolvedRuleVersion,
} from '@hub/contracts';

const HASH = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const TEMPERATURE = ['allowlist', 'round', 'time-bucket:60s', 'location:lamppost'];

/** A stamped version whose allowlist kind is temperature (what privacy's resolveRuleVersion gives). */
const version = (hash = HASH): ResolvedRuleVersion => ({
  stamp: { id: 'lab-rules', version: 3, hash },
  transforms: (kind) => (kind === 'temperature' ? TEMPERATURE : undefined),
  intervalSeconds: (kind) => (kind === 'temperature' ? 60 : undefined),
});

const book = (v = version()): RuleVersionBook => {
  const b = new RuleVersionBook();
  b.record('lab-a', v);
  return b;
};

const reading = (over: Partial<ReadingRecorded> = {}): ReadingRecorded => ({
  lab: 'lab-a',
  lamppost: 'lp-1',
  location: { lamppost: 'lp-1' },
  kind: 'temperature',
  seq: 42,
  observedAt: '2026-12-02T10:00:00.000Z',
  intervalSeconds: 60,
  audience: 'any',
  values: { celsius: 21.5 },
  rule: { id: 'lab-rules', version: 3, hash: HASH },
  transforms: TEMPERATURE,
  receivedAt: '2026-12-02T10:00:01.234Z',
  ...over,
});

const stored = (r: ReadingRecorded, data: unknown) => ({
  streamId: `reading-${r.lab}.${r.lamppost}.${r.kind}`,
  data: JSON.parse(JSON.stringify(data)) as unknown,
  recordedAt: r.receivedAt,
});

// The codec lives in libs/contracts (which imports no test framework); tested here.
describe('the compact ReadingRecorded (decisions 0013 and 0019)', () => {
  test('a reading whose rule version is in the book is stored compact and reads back the same', () => {
    const r = reading();
    const data = encodeReading(r, book());
    expect(data).toEqual([
      4,
      42,
      Date.parse(r.observedAt),
      { celsius: 21.5 },
      'lab-rules@3#a1b2c3d4',
    ]);
    expect(decodeReading(stored(r, data), book())).toEqual(r);
    expect(JSON.stringify(data).length).toBeLessThan(JSON.stringify(r).length / 4);
  });

  test('an audience other than any is written after the rule; a reading without a seq has null', () => {
    const r = reading({ audience: 'owner', seq: undefined });
    const data = encodeReading(r, book());
    expect(data).toEqual([
      4,
      null,
      Date.parse(r.observedAt),
      { celsius: 21.5 },
      'lab-rules@3#a1b2c3d4',
      'owner',
    ]);
    expect(decodeReading(stored(r, data), book())).toEqual(r);
  });

  test('a version 3 reading (named fields) reads back the same', () => {
    const r = reading();
    const v3: CompactReadingRecorded = {
      v: 3,
      seq: 42,
      at: Date.parse(r.observedAt),
      audience: 'any',
      values: { celsius: 21.5 },
      rule: 'lab-rules@3#a1b2c3d4',
    };
    expect(decodeReading(stored(r, v3), book())).toEqual(r);
  });

  test('an array that is not a version 4 reading is an error, not a reading', () => {
    const r = reading();
    for (const bad of [
      [3, 42, 1, {}, 'lab-rules@3#a1b2c3d4'],
      [4, '42', 1, {}, 'lab-rules@3#a1b2c3d4'],
      [4, 42, 1, null, 'x'],
      [4, 42, 1, {}],
    ]) {
      expect(() => decodeReading(stored(r, bad), book())).toThrow('not a compact reading');
    }
  });

  test('a version 2 reading (observedAt and intervalSeconds written out) reads back the same', () => {
    const r = reading();
    const v2: CompactReadingRecorded = {
      v: 2,
      seq: 42,
      observedAt: r.observedAt,
      intervalSeconds: 60,
      audience: 'any',
      values: { celsius: 21.5 },
      rule: 'lab-rules@3#a1b2c3d4',
    };
    expect(decodeReading(stored(r, v2), book())).toEqual(r);
  });

  test('a time toISOString would not give back, and an interval the version does not fix, are written out', () => {
    const r = reading({ observedAt: '2026-12-02T10:00:00Z', intervalSeconds: 300 });
    const data = encodeReading(r, book());
    expect(data).toEqual([
      4,
      42,
      '2026-12-02T10:00:00Z',
      { celsius: 21.5 },
      'lab-rules@3#a1b2c3d4',
      null,
      { intervalSeconds: 300 },
    ]);
    expect(decodeReading(stored(r, data), book())).toEqual(r);
  });

  test('a compact reading without an interval whose version does not fix one is an error', () => {
    const r = reading();
    const data = encodeReading(r, book());
    const radio = { ...stored(r, data), streamId: 'reading-lab-a.lp-1.radio' };
    const noInterval = book({ ...version(), transforms: () => TEMPERATURE });
    expect(() => decodeReading(radio, noInterval)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_RULE_VERSION', reason: 'INTERVAL_NOT_FIXED' }),
    );
  });

  test('a version 1 reading reads back unchanged, with or without a book', () => {
    const r = reading();
    expect(decodeReading(stored(r, r), undefined)).toEqual(r);
    expect(decodeReading(stored(r, r), book())).toEqual(r);
  });

  test('without the rule version, or with another hash for it, the full form is stored', () => {
    const r = reading();
    expect(encodeReading(r, undefined)).toBe(r);
    expect(encodeReading(r, new RuleVersionBook())).toBe(r);
    expect(encodeReading(r, book(version('f'.repeat(64))))).toBe(r);
    expect(
      encodeReading(reading({ rule: { id: 'other', version: 3, hash: HASH } }), book()),
    ).toEqual(reading({ rule: { id: 'other', version: 3, hash: HASH } }));
  });

  test('a reading the stream id would not give back is stored in the full form', () => {
    const dotted = reading({ lamppost: 'lp.1', location: { lamppost: 'lp.1' } });
    expect(encodeReading(dotted, book())).toBe(dotted);
    const elsewhere = reading({ location: { lamppost: 'lp-2' } });
    expect(encodeReading(elsewhere, book())).toBe(elsewhere);
  });

  test('transforms the version does not fix, and a grid cell, are kept in the compact form', () => {
    const r = reading({
      kind: 'radio',
      lamppost: 'g250m:3:-7',
      location: { gridCell: 'g250m:3:-7', cellMeters: 250 },
      transforms: ['pseudonymise-count', 'time-window:300s', 'location:grid'],
    });
    const data = encodeReading(r, book());
    expect(data).toEqual([
      4,
      42,
      Date.parse(r.observedAt),
      { celsius: 21.5 },
      'lab-rules@3#a1b2c3d4',
      null,
      { intervalSeconds: 60, cellMeters: 250, transforms: r.transforms },
    ]);
    expect(decodeReading(stored(r, data), book())).toEqual(r);
  });

  test('transforms that differ from the version`s are stored, not replaced by the derived ones', () => {
    const r = reading({ transforms: [...TEMPERATURE, 'something-else'] });
    const data = encodeReading(r, book());
    expect((data as readonly unknown[])[6]).toEqual({ transforms: r.transforms });
    expect(decodeReading(stored(r, data), book())).toEqual(r);
  });

  test('a compact reading whose version the book lacks or whose hash differs is an error', () => {
    const r = reading();
    const data = encodeReading(r, book());
    expect(() => decodeReading(stored(r, data), new RuleVersionBook())).toThrow(
      UnknownRuleVersionError,
    );
    expect(() => decodeReading(stored(r, data), undefined)).toThrow(UnknownRuleVersionError);
    expect(() => decodeReading(stored(r, data), book(version('0'.repeat(64))))).toThrow(
      RuleHashMismatchError,
    );
  });

  test('those errors are the operator`s in the hub`s error model, each with its code and reason', () => {
    const r = reading();
    const data = encodeReading(r, book());
    const thrown = (f: () => unknown): unknown => {
      try {
        f();
      } catch (error) {
        return error;
      }
      throw new Error('nothing thrown');
    };
    const fields = (e: unknown) => {
      expect(e).toBeInstanceOf(HubError);
      const { code, reason, audience, name } = e as HubError;
      return { code, reason, audience, name };
    };
    expect(fields(thrown(() => decodeReading(stored(r, data), new RuleVersionBook())))).toEqual({
      code: 'UNKNOWN_RULE_VERSION',
      reason: 'VERSION_NOT_HELD',
      audience: 'operator',
      name: 'UnknownRuleVersionError',
    });
    // A radio reading stored compact without its transforms: the version does not fix them.
    const radio = { ...stored(r, data), streamId: 'reading-lab-a.lp-1.radio' };
    expect(fields(thrown(() => decodeReading(radio, book())))).toEqual({
      code: 'UNKNOWN_RULE_VERSION',
      reason: 'TRANSFORMS_NOT_FIXED',
      audience: 'operator',
      name: 'UnknownRuleVersionError',
    });
    expect(
      fields(thrown(() => decodeReading(stored(r, data), book(version('0'.repeat(64)))))),
    ).toEqual({
      code: 'RULE_HASH_MISMATCH',
      reason: undefined,
      audience: 'operator',
      name: 'RuleHashMismatchError',
    });
  });
});
