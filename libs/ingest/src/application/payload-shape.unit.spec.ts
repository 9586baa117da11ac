import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { checkPayloadShape } from './payload-shape.js';

const limits = { maxDepth: 8, maxNodes: 20_000 };

describe('checkPayloadShape', () => {
  test('documented payloads pass: a camera message with 1,000 detections', () => {
    const detections = Array.from({ length: 1000 }, () => ({
      class: 'car',
      bbox: [1, 2, 3, 4],
      confidence: 0.5,
      trackId: 't',
    }));
    expect(checkPayloadShape({ seq: 1, observedAt: 'x', detections }, 1, limits)).toBeUndefined();
  });

  test('depth beyond the limit is refused whatever the depth (no recursion)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(checkPayloadShape({ x: deep }, 3, limits)).toMatchObject({
      code: 'PAYLOAD_TOO_COMPLEX',
      seq: 3,
    });
  });

  test('an array larger than the node budget is refused before its elements are walked', () => {
    const huge = new Array<number>(1_000_000).fill(0);
    expect(checkPayloadShape({ identifiers: huge }, undefined, limits)?.code).toBe(
      'PAYLOAD_TOO_COMPLEX',
    );
  });

  test('prototype keys are refused at any depth, as parsed from JSON', () => {
    const parsed = JSON.parse('{"a": [{"b": {"__proto__": {"x": 1}}}]}') as unknown;
    expect(checkPayloadShape(parsed, undefined, limits)).toMatchObject({
      code: 'SCHEMA_VIOLATION',
      field: 'a[0].b.__proto__',
    });
  });

  test('never throws, and refuses exactly what exceeds depth or size (property)', () => {
    const shallow = { maxDepth: 4, maxNodes: 50 };
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 7 }), (value) => {
        const rejection = checkPayloadShape(value, undefined, shallow);
        const measure = (v: unknown, d: number): { depth: number; nodes: number } => {
          if (typeof v !== 'object' || v === null) return { depth: d, nodes: 1 };
          const children = Object.values(v).map((c) => measure(c, d + 1));
          return {
            depth: Math.max(d + 1, ...children.map((c) => c.depth)),
            nodes: 1 + children.reduce((n, c) => n + c.nodes, 0),
          };
        };
        const { depth, nodes } = measure(value, 0);
        // A key that IS one of the names; a key that merely ends in one (`"prototype`) is fine.
        const protoKey = (v: unknown): boolean =>
          typeof v === 'object' &&
          v !== null &&
          Object.entries(v).some(
            ([k, c]) => ['__proto__', 'constructor', 'prototype'].includes(k) || protoKey(c),
          );
        const hasProtoKey = protoKey(value);
        const tooBig = depth > shallow.maxDepth || nodes > shallow.maxNodes;
        expect(rejection === undefined).toBe(!tooBig && !hasProtoKey);
      }),
      { numRuns: 300 },
    );
  });
});
