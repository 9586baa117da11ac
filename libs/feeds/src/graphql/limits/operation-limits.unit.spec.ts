import { describe, expect, test } from '@jest/globals';
import { buildSchema, Kind, parse, validate } from 'graphql';
import { refuseOversizedRequest } from './document-limits.js';
import { operationLimitRules } from './operation-limits.js';
import { SelectionShapes } from './selection-shape.js';
import { RateLimiter } from './rate-limiter.js';

const schema = buildSchema(`
  type Node { id: String, child: Node, list(first: Int): [Node] }
  type Query { node: Node }
`);
const rules = operationLimitRules({
  maxDepth: 5,
  maxAliases: 3,
  maxDirectives: 4,
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

/** `F0 -> F1 F1 -> ... -> F(n-1) -> Fn`, Fn = `body`: 2^n spreads of Fn when expanded. */
const doubling = (n: number, body: string, type = 'Query'): string =>
  Array.from({ length: n }, (_, i) => `fragment F${i} on ${type} { ...F${i + 1} ...F${i + 1} }`)
    .concat(`fragment F${n} on ${type} { ${body} }`)
    .join(' ');

describe('operation limits: linear in the document, however fragments are spread', () => {
  const wide = buildSchema(
    'type Query { a: Int, node: Node } type Node { id: String, child: Node }',
  );
  const shapeOf = (query: string) => {
    const doc = parse(query);
    const fragments = new Map(
      doc.definitions.flatMap((d) =>
        d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [],
      ),
    );
    const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (op?.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
    return new SelectionShapes(fragments, 100).of(op.selectionSet);
  };

  test('the F0..F30 document of issue 11: exact counts, computed without expanding 2^30 spreads', () => {
    const query = `query { ...F0 } ${doubling(30, '__typename')}`;
    const started = process.hrtime.bigint();
    expect(shapeOf(query)).toEqual({ depth: 1, cost: 2 ** 30, aliases: 0, directives: 0 });
    expect(reasons(query)).toEqual(['TOO_COSTLY']);
    // Not a benchmark: expansion takes minutes; the memoised walk is far below this bound, which
    // is generous so that a busy machine cannot fail it.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(20_000);
  });

  test('depth, aliases and directives are counted through every spread', () => {
    expect(shapeOf(`{ ...F0 } ${doubling(3, 'x: a @skip(if: false)')}`)).toEqual({
      depth: 1,
      cost: 8,
      aliases: 8,
      directives: 8,
    });
    expect(shapeOf(`{ node { ...F0 } } ${doubling(2, 'child { child { id } }', 'Node')}`)).toEqual({
      depth: 4,
      cost: 1 + 4 * 3,
      aliases: 0,
      directives: 0,
    });
    expect(validate(wide, parse(`{ ...F0 } ${doubling(2, 'x: a')}`), rules).length).toBe(1);
  });

  test('a page size multiplies a fragment spread under it exactly as the fields inline', () => {
    const inline = shapeOf('{ node { list(first: 7) { id child { id } } } }');
    const spread = shapeOf(
      '{ node { list(first: 7) { ...F } } } fragment F on Node { id child { id } }',
    );
    expect(spread).toEqual(inline);
    expect(inline.cost).toBe(1 + 1 + 7 * 3);
  });

  test('directives over the limit, and a cycle of spreads ends (graphql-js reports the cycle)', () => {
    expect(
      reasons(
        '{ node @include(if: true) { id @skip(if: false) ...F } } fragment F on Node @a @b @c { id }',
      ),
    ).toContain('TOO_MANY_DIRECTIVES');
    const cyclic = validate(
      schema,
      parse(
        '{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { ...A id }',
      ),
    );
    expect(cyclic.map((e) => e.message).join()).toContain('Cannot spread fragment');
    expect(
      reasons(
        '{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { ...A id }',
      ),
    ).toEqual([]);
  });

  test('huge literal page sizes saturate instead of becoming Infinity or NaN', () => {
    const shape = shapeOf(`{ node { list(first: ${'9'.repeat(400)}) { ...Missing } } }`);
    expect(Number.isFinite(shape.cost)).toBe(true);
    expect(reasons(`{ node { list(first: ${'9'.repeat(400)}) { id } } }`)).toEqual(['TOO_COSTLY']);
  });
});

describe('document limits: tokens and variables, before parsing', () => {
  const limits = { maxTokens: 1000, maxVariablesBytes: 1024 };
  const tokens = (n: number): string => `{ ${Array.from({ length: n - 2 }, () => 'a').join(' ')} }`;

  test('exactly maxTokens passes, one more is refused, comments do not count (as in graphql-js)', () => {
    expect(refuseOversizedRequest(tokens(1000), undefined, limits)).toBeUndefined();
    expect(() => parse(tokens(1000), { maxTokens: 1000 })).not.toThrow();
    expect(refuseOversizedRequest(tokens(1001), undefined, limits)?.extensions).toEqual({
      code: 'OPERATION_LIMIT',
      reason: 'TOO_MANY_TOKENS',
    });
    expect(() => parse(tokens(1001), { maxTokens: 1000 })).toThrow(/1000 tokens/);
    expect(
      refuseOversizedRequest(`# ${'x'.repeat(10000)}\n{ a }`, undefined, limits),
    ).toBeUndefined();
  });

  test('a token flood is refused after reading the first tokens only', () => {
    const flood = '{ ' + 'a '.repeat(2_000_000) + '}';
    const started = process.hrtime.bigint();
    expect(refuseOversizedRequest(flood, undefined, limits)?.extensions?.reason).toBe(
      'TOO_MANY_TOKENS',
    );
    // A bound, not a benchmark (generous, for busy machines).
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(20_000);
  });

  test('syntax errors are left to the parser; variables are measured in UTF-8 bytes of JSON', () => {
    expect(refuseOversizedRequest('{ "unterminated', undefined, limits)).toBeUndefined();
    expect(refuseOversizedRequest('{ a }', { s: 'é'.repeat(500) }, limits)).toBeUndefined();
    expect(refuseOversizedRequest('{ a }', { s: 'é'.repeat(520) }, limits)?.extensions).toEqual({
      code: 'OPERATION_LIMIT',
      reason: 'VARIABLES_TOO_LARGE',
    });
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
