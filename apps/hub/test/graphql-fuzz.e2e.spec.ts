import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startAdminChildHub, type AdminChildHub } from './support/admin-child-hub.js';
import fc from 'fast-check';
import { graphqlHttp, graphqlWs } from './support/clients.js';
import { live, within } from './support/deadline.js';

// Property: whatever GraphQL document a token holder sends, over HTTP or graphql-ws, the hub
// answers within the bound with a well-formed GraphQL response, and stays up. The hub runs as
// a child process so a hang shows as a missed bound, not as a frozen test runner.
const RUNS = 150;
const ANSWER_BOUND_MS = 5_000;
const ADMIN = 'admin-token-for-graphql-fuzz-e2e';

// Field names of the real schema (some with arguments), and a few that do not exist.
const FIELDS = [
  '__typename',
  '__schema',
  'types',
  'fields',
  'name',
  'kind',
  'ofType',
  'type',
  'description',
  '__type(name: "Query")',
  'readings(first: 2)',
  'readings(first: $n)',
  'readings(after: "abc")',
  'readings(first: 999999999999)',
  'edges',
  'node',
  'cursor',
  'lab',
  'values',
  'nope',
];
const DIRECTIVES = ['@include(if: true)', '@skip(if: false)', '@skip(if: $b)', '@unknown'];
const GARBAGE = [
  '{',
  '}',
  '(',
  ')',
  '...',
  '$',
  '@',
  '"',
  '"""',
  '#',
  ':',
  '!',
  '=',
  '\u0000',
  'é',
  '[',
  ']',
  '|',
];
const FRAGMENTS = 6;

const name = fc.constantFrom(...FIELDS);
const alias = fc.option(fc.constantFrom('a', 'b', 'c1', 'x_y'), { nil: undefined, freq: 3 });
const directives = fc.array(fc.constantFrom(...DIRECTIVES), { maxLength: 2 });
const spread = fc.integer({ min: 0, max: FRAGMENTS - 1 }).map((i) => `...F${i}`);

/** A selection set up to a few levels deep: fields, aliases, directives, inline fragments, spreads. */
const selectionSet: fc.Arbitrary<string> = fc.letrec<{ set: string; selection: string }>((tie) => ({
  set: fc
    .array(tie('selection'), { minLength: 1, maxLength: 4 })
    .map((items) => `{ ${items.join(' ')} }`),
  selection: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(alias, name, directives).map(([a, n, d]) => `${a ? `${a}: ` : ''}${n} ${d.join(' ')}`),
    fc
      .tuple(alias, name, directives, tie('set'))
      .map(([a, n, d, s]) => `${a ? `${a}: ` : ''}${n} ${d.join(' ')} ${s}`),
    spread,
    fc
      .tuple(fc.constantFrom('... on Query', '... on __Type', '...'), tie('set'))
      .map(([t, s]) => `${t} ${s}`),
  ),
})).set;

/** Fragments F0..F5, each may spread any other (nested, repeated, even cyclic). */
const fragments = fc.array(
  fc.tuple(
    fc.constantFrom('Query', '__Type', '__Schema', 'Nope'),
    fc.array(spread, { maxLength: 3 }),
    selectionSet,
  ),
  { minLength: 0, maxLength: FRAGMENTS },
);

const document = fc
  .tuple(
    fc.constantFrom('query', 'query Q($n: Int, $b: Boolean)', '', 'query ($n: Int = 3)'),
    selectionSet,
    fragments,
  )
  .map(([head, set, frags]) =>
    [
      `${head} ${set}`,
      ...frags.map(([type, spreads, body], i) =>
        `fragment F${i} on ${type} { ${spreads.join(' ')} ${body.slice(1)}`.replace(/\s+}$/, ' }'),
      ),
    ].join('\n'),
  );

/** A chain F0 -> F1 ... -> Fn, each spreading the next 1-3 times (2^n paths when doubled). */
const chain = fc
  .tuple(
    fc.integer({ min: 5, max: 30 }),
    fc.integer({ min: 1, max: 3 }),
    fc.constantFrom('__typename', 'a: __typename @skip(if: false)', '__typename ...F0'),
  )
  .map(([n, k, leaf]) =>
    [
      '{ ...F0 }',
      ...Array.from(
        { length: n },
        (_, i) => `fragment F${i} on Query { ${`...F${i + 1} `.repeat(k)}}`,
      ),
      `fragment F${n} on Query { ${leaf} }`,
    ].join('\n'),
  );

/** Sometimes damaged: garbage inserted, a slice cut out, or a long run of one token. */
const damaged = fc.oneof(
  { arbitrary: document, weight: 3 },
  chain,
  fc
    .tuple(
      document,
      fc.nat(),
      fc.array(fc.constantFrom(...GARBAGE), { minLength: 1, maxLength: 4 }),
    )
    .map(
      ([doc, at, junk]) =>
        doc.slice(0, at % (doc.length + 1)) + junk.join('') + doc.slice(at % (doc.length + 1)),
    ),
  fc
    .tuple(document, fc.nat(), fc.nat())
    .map(([doc, a, b]) => doc.slice(0, a % (doc.length + 1)) + doc.slice(b % (doc.length + 1))),
  fc
    .tuple(
      fc.constantFrom('a ', '...F0 ', '{ ', '@skip(if: true) '),
      fc.integer({ min: 100, max: 3000 }),
    )
    .map(([t, n]) => `{ ${t.repeat(n)} }`),
);

const variables = fc.oneof(
  fc.constant({}),
  fc.record({ n: fc.oneof(fc.integer(), fc.string(), fc.constant(null)), b: fc.boolean() }),
  fc.record({ n: fc.string({ maxLength: 2000 }) }),
);

interface WireError {
  message?: unknown;
  extensions?: { code?: unknown };
}

/** An error a client can act on: a message, and a code when it came over HTTP (Apollo). */
const wellFormedErrors = (errors: unknown, needCode: boolean): void => {
  expect(Array.isArray(errors)).toBe(true);
  for (const e of errors as WireError[]) {
    expect(typeof e.message).toBe('string');
    if (needCode) expect(typeof e.extensions?.code).toBe('string');
    // A refused or failed request never looks like a hub fault.
    expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  }
};

describe('GraphQL fuzzing against a running hub (HTTP and graphql-ws)', () => {
  let hub: AdminChildHub;

  beforeAll(async () => {
    hub = await startAdminChildHub(ADMIN, {
      HUB_LOG_LEVEL: 'info',
      // The fuzzer sends faster than a client should; the rate limit is tested elsewhere.
      HUB_GRAPHQL_RATE_BURST: '100000',
    });
  });

  afterAll(() => hub?.close());

  test(`${RUNS} generated documents: every answer within ${ANSWER_BOUND_MS} ms and well-formed; the hub stays up`, async () => {
    const seen = { http: 0, ws: 0, data: 0, errors: 0 };
    await fc.assert(
      fc.asyncProperty(damaged, variables, fc.boolean(), async (query, vars, overWs) => {
        if (!overWs) {
          seen.http++;
          const { status, body } = await within(
            graphqlHttp(hub.httpPort, ADMIN, query, vars),
            ANSWER_BOUND_MS,
            `HTTP answer to ${JSON.stringify(query.slice(0, 200))}`,
          );
          expect([200, 400]).toContain(status);
          expect(body.data !== undefined || body.errors !== undefined).toBe(true);
          if (body.errors) {
            seen.errors++;
            wellFormedErrors(body.errors, true);
          } else seen.data++;
          return;
        }
        seen.ws++;
        const ws = graphqlWs(hub.httpPort, ADMIN);
        try {
          const answer = new Promise<{ data?: unknown; errors?: unknown }>((resolve, reject) => {
            ws.subscribe(
              { query, variables: vars },
              {
                next: (value) => resolve(value),
                // graphql-ws: an array of errors, or a close event (an answer, but not this one).
                error: (error) =>
                  Array.isArray(error)
                    ? resolve({ errors: error })
                    : reject(new Error(`socket closed: ${JSON.stringify(error)}`)),
                complete: () => resolve({}),
              },
            );
          });
          const value = await within(
            answer,
            ANSWER_BOUND_MS,
            `graphql-ws answer to ${JSON.stringify(query.slice(0, 200))}`,
          );
          if (value.errors) {
            seen.errors++;
            wellFormedErrors(value.errors, false);
          } else seen.data++;
        } finally {
          await ws.dispose();
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    // Both transports and both outcomes were exercised.
    expect(seen.http).toBeGreaterThan(0);
    expect(seen.ws).toBeGreaterThan(0);
    expect(seen.errors).toBeGreaterThan(0);
    expect(await within(live(hub.httpPort), ANSWER_BOUND_MS, '/health/live')).toBe(200);
    const legit = await graphqlHttp(hub.httpPort, ADMIN, '{ __typename }');
    expect(legit.body).toEqual({ data: { __typename: 'Query' } });
    expect(() => process.kill(hub.pid, 0)).not.toThrow();
  }, 300_000);
});
