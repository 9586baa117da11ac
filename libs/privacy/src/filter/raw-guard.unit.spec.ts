import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { fieldPaths } from './raw-guard.js';

/** The straightforward definition the one-walk version must match (as a set of paths). */
function reference(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) {
    const out = new Set<string>();
    for (const item of value) for (const p of reference(item, `${path}[]`)) out.add(p);
    return out.size > 0 ? [...out] : [path];
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) =>
      reference(v, path === '' ? k : `${path}.${k}`),
    );
  }
  return [path];
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe('fieldPaths', () => {
  test('the same paths as the recursive definition, for any JSON payload', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        expect(sorted(fieldPaths(value))).toEqual(sorted(reference(value)));
      }),
      { numRuns: 1000 },
    );
  });

  test('leaves, empty arrays and arrays of empty objects; empty objects add nothing', () => {
    const payload = {
      seq: 1,
      detections: [
        { class: 'car', bbox: [1, 2, 3, 4] },
        { class: 'bus', zone: 'a' },
      ],
      empty: [],
      hollow: [{}, {}],
      none: {},
      nested: { deeper: { x: null } },
    };
    expect(sorted(fieldPaths(payload))).toEqual([
      'detections[].bbox[]',
      'detections[].class',
      'detections[].zone',
      'empty',
      'hollow',
      'nested.deeper.x',
      'seq',
    ]);
  });
});
