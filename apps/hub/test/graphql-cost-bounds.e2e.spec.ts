import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startAdminChildHub, type AdminChildHub } from './support/admin-child-hub.js';
import { graphqlHttp, graphqlWs } from './support/clients.js';
import { live, within } from './support/deadline.js';
import { collect } from './feeds-fixtures.js';

// Issue 11, finding 1: a 1 KB document of nested fragment spreads pinned the hub's CPU for
// minutes (/health/live silent, SIGTERM ignored). The invariant under test: what the hub does
// with a request is bounded by the request's size, over HTTP and graphql-ws alike.
//
// The hub runs as a child process: a hub that freezes must not freeze the test runner with it.
// The bounds are generous (a busy shared machine): they tell a frozen hub from a slow one.
const ANSWER_BOUND_MS = 10_000;
const LIVE_BOUND_MS = 10_000;
const ADMIN = 'admin-token-for-cost-bounds-e2e';
const PARALLEL = 3; // copies of each attack in flight at once

/** `F0 -> F1 F1 -> ... -> Fn`, Fn = `body`: 2^n copies of Fn when expanded. */
const doubling = (n: number, body: string, type = 'Query', inner = (s: string) => s): string =>
  Array.from(
    { length: n },
    (_, i) => `fragment F${i} on ${type} { ${inner(`...F${i + 1} ...F${i + 1}`)} }`,
  )
    .concat(`fragment F${n} on ${type} { ${body} }`)
    .join(' ');

/** Each attack: the document, its variables, and the reason it must be refused with. */
const ATTACKS: [string, string, Record<string, unknown>, string][] = [
  // The document of the issue: 31 fragments, 2^30 spreads of __typename when expanded.
  [
    'exponential spreads (F0..F30)',
    `query { ...F0 } ${doubling(30, '__typename')}`,
    {},
    'TOO_COSTLY',
  ],
  // The same doubling, each level one field deeper: depth 31 through 2^30 paths.
  [
    'exponential spreads, nested',
    `{ __type(name: "Query") { ...F0 } } ${doubling(30, 'name', '__Type', (s) => `ofType { ${s} }`)}`,
    {},
    'TOO_DEEP',
  ],
  [
    'wide fan-out of spreads',
    `{ ${'...F0 '.repeat(200)} } ${doubling(10, '__typename')}`,
    {},
    'TOO_COSTLY',
  ],
  [
    'aliases multiplied by spreads',
    `{ ...F0 } ${doubling(20, 'a: __typename')}`,
    {},
    'TOO_MANY_ALIASES',
  ],
  [
    'directives multiplied by spreads',
    `{ ...F0 } ${doubling(20, '__typename @include(if: true)')}`,
    {},
    'TOO_MANY_DIRECTIVES',
  ],
  ['token flood', `{ ${'a '.repeat(25_000)}}`, {}, 'TOO_MANY_TOKENS'],
  [
    'huge variables',
    'query ($x: String) { __typename }',
    { x: 'v'.repeat(20_000) },
    'VARIABLES_TOO_LARGE',
  ],
];

describe('GraphQL: the cost of a request is bounded by its size (issue 11)', () => {
  let hub: AdminChildHub;
  let partner: string;

  const admin = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const { body } = await graphqlHttp<T>(hub.httpPort, ADMIN, query, variables);
    if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  };

  /** The hub still serves: /health/live and a legitimate query answer within the bound. */
  const stillServes = async (): Promise<void> => {
    expect(await within(live(hub.httpPort), LIVE_BOUND_MS, '/health/live')).toBe(200);
    const legit = await within(
      graphqlHttp<{ __typename: string }>(hub.httpPort, partner, '{ __typename }'),
      LIVE_BOUND_MS,
      'a legitimate query',
    );
    expect(legit.body).toEqual({ data: { __typename: 'Query' } });
  };

  beforeAll(async () => {
    hub = await startAdminChildHub(ADMIN, {
      // Below the websocket message cap (64 KiB), so graphql-ws can carry an oversized one.
      HUB_GRAPHQL_MAX_VARIABLES_BYTES: '16384',
    });
    await admin('mutation { createLab(id: "lab-a", municipality: "alpha") { id } }', {});
    partner = (
      await admin<{ createToken: { token: string } }>(
        'mutation ($input: CreateTokenInput!) { createToken(input: $input) { token } }',
        { input: { role: 'partner', lab: 'lab-a' } },
      )
    ).createToken.token;
  });

  afterAll(() => hub?.close());

  test.each(ATTACKS)(
    'HTTP: %s is refused with OPERATION_LIMIT; the hub stays live',
    async (name, query, variables, reason) => {
      const attacks = Array.from({ length: PARALLEL }, () =>
        within(graphqlHttp(hub.httpPort, partner, query, variables), ANSWER_BOUND_MS, name),
      );
      await stillServes();
      for (const { status, body } of await Promise.all(attacks)) {
        expect(status).toBe(400);
        expect(body.data).toBeUndefined();
        expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_LIMIT', reason });
        expect(body.errors?.[0]?.message.length).toBeGreaterThan(10);
      }
    },
  );

  test.each(ATTACKS)(
    'graphql-ws: %s is refused with OPERATION_LIMIT; the hub stays live',
    async (name, query, variables, reason) => {
      const ws = graphqlWs(hub.httpPort, partner);
      try {
        const subs = Array.from({ length: PARALLEL }, () => collect(ws, query, variables));
        await stillServes();
        for (const sub of subs) {
          const error = await within(sub.ended, ANSWER_BOUND_MS, name);
          expect(error?.extensions).toMatchObject({ code: 'OPERATION_LIMIT', reason });
          expect(sub.items).toHaveLength(0);
        }
        // The socket survived the refusals: the same connection still runs an operation.
        const after = collect<{ __typename: string }>(ws, '{ __typename }', {});
        await within(after.ended, ANSWER_BOUND_MS, 'a query on the same socket');
        expect(after.items).toEqual([{ __typename: 'Query' }]);
      } finally {
        await ws.dispose();
      }
    },
  );

  test('a syntax error over graphql-ws is an error on that operation, not a closed socket', async () => {
    const ws = graphqlWs(hub.httpPort, partner);
    try {
      const bad = collect(ws, '{ __typename ', {});
      const error = await within(bad.ended, ANSWER_BOUND_MS, 'syntax error');
      expect(error?.message).toMatch(/Syntax Error/);
      const after = collect<{ __typename: string }>(ws, '{ __typename }', {});
      await within(after.ended, ANSWER_BOUND_MS, 'a query on the same socket');
      expect(after.items).toEqual([{ __typename: 'Query' }]);
    } finally {
      await ws.dispose();
    }
  });

  test('an HTTP body over HUB_HTTP_MAX_BODY_BYTES is refused with 413 and JSON', async () => {
    const response = await within(
      fetch(`http://127.0.0.1:${hub.httpPort}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${partner}` },
        body: JSON.stringify({ query: '{ __typename }', variables: { x: 'v'.repeat(200_000) } }),
      }),
      ANSWER_BOUND_MS,
      'oversized body',
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ statusCode: 413 });
    await stillServes();
  });

  test('the limits are exact: a document at the limits is answered', async () => {
    const atLimits = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const { status, body } = await graphqlHttp(hub.httpPort, partner, atLimits);
    expect(status).toBe(200);
    expect(Object.keys(body.data as object)).toHaveLength(30);
  });
});
