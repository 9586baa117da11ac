import { describe, expect, test } from '@jest/globals';
import { buildSchema, parse, validate } from 'graphql';
import { operationLimitRules } from './operation-limits.js';
import { RateLimiter } from './rate-limiter.js';

const schema = buildSchema(`
  type Node { id: String, child: Node, list(first: Int): [Node] }
  type Query { node: Node }
`);
const rules = operationLimitRules({
  maxDepth: 5,
  maxAliases: 3,
  maxCost: 1000,
  defaultPageSize: 100,
});
const reasons = (query: string): unknown[] =>
  validate(schema, parse(query), rules).map((e) => e.extensions.reason);

describe('operation limits', () => {
  test('depth counts through fragments', () => {
    expect(reasons('{ node { child { child { id } } } }')).toEqual([]);
    expect(reasons('{ node { child { child { child { child { id } } } } } }')).toEqual([
      'TOO_DEEP',
    ]);
    expect(
      reasons(
        '{ node { ...F } } fragment F on Node { child { child { child { child { id } } } } }',
      ),
    ).toEqual(['TOO_DEEP']);
  });

  test('aliases are counted over the whole operation', () => {
    expect(reasons('{ a: node { id } b: node { id } c: node { id } }')).toEqual([]);
    expect(reasons('{ a: node { id } b: node { id } c: node { id } d: node { id } }')).toEqual([
      'TOO_MANY_ALIASES',
    ]);
  });

  test('cost multiplies by page sizes, variables count as the default page', () => {
    expect(reasons('{ node { list(first: 10) { id child { id } } } }')).toEqual([]);
    expect(reasons('{ node { list(first: 50) { list(first: 50) { id } } } }')).toEqual([
      'TOO_COSTLY',
    ]);
    expect(
      reasons('query ($n: Int) { node { list(first: $n) { list(first: $n) { id } } } }'),
    ).toEqual(['TOO_COSTLY']);
  });
});

describe('rate limiter', () => {
  test('a burst, then the sustained rate; keys are independent', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 3, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    now += 500; // one more operation after half a second at 2/s
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
    expect(limiter.retryAfterSec('a')).toBe(1);
  });
});
