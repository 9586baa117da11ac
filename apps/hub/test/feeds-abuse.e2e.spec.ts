import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { graphqlHttp, graphqlWs } from './support/clients.js';
import { within } from './support/deadline.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { appendReading, collect, createLab, createToken, gql, grant } from './feeds-fixtures.js';

/** A valid depth-`n` selection through introspection's ofType chain. */
const deep = (n: number): string => {
  let inner = 'name';
  for (let i = 0; i < n - 3; i++) inner = `ofType { ${inner} }`;
  return `__schema { types { fields { type { ${inner} } } } }`;
};
// Each probe also reads a shared feed: had any resolver run, the access would be in the audit.
const SHARED = 'probe: readings(filter: { lab: "beta-lab" }, first: 1) { edges { cursor } }';
const DEPTH_20 = `{ ${SHARED} ${deep(20)} }`;
const aliases = (n: number): string =>
  `{ ${SHARED} ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
// 1,000 aliases are over 3,000 tokens: the token limit (1,000) refuses them before parsing.
const ALIASES_1000 = aliases(1000);
const ALIASES_40 = aliases(40);
const COSTLY =
  '{ x: readings(first: 1000) { edges { node { cursor lab lamppost kind values } } } y: readings(first: 1000) { edges { node { cursor lab lamppost kind values } } } z: readings(first: 1000) { edges { node { cursor lab lamppost kind values } } } w: readings(first: 1000) { edges { node { cursor lab kind values } } } }';

describe('abuse: limits refuse operations before any resolver runs, over HTTP and graphql-ws', () => {
  let dataDir: string;
  let hub: RunningHub;
  let alpha: string;
  let officer: string;
  let agreementId: string;

  const auditCount = async (): Promise<number> =>
    (
      await gql<{ feedAccessLog: unknown[] }>(
        hub,
        officer,
        'query ($id: String!) { feedAccessLog(agreementId: $id) { at } }',
        {
          id: agreementId,
        },
      )
    ).feedAccessLog.length;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    const admin = adminToken(dataDir);
    await createLab(hub, admin, 'beta-lab', 'beta');
    alpha = (await createToken(hub, admin, { role: 'municipality', municipality: 'alpha' })).token;
    officer = (
      await createToken(hub, admin, {
        role: 'privacy-officer',
        municipality: 'beta',
        holder: 'fg@beta.example',
      })
    ).token;
    agreementId = await grant(hub, admin, {
      lab: 'beta-lab',
      to: 'alpha',
      kinds: ['temperature'],
      until: '2999-12-31',
    });
    await appendReading(hub, { lab: 'beta-lab', kind: 'temperature' });
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('the probe itself is allowed and attributed (so a zero below means no resolver ran)', async () => {
    const before = await auditCount();
    const ok = await graphqlHttp(hub.httpPort, alpha, `{ ${SHARED} }`);
    expect(ok.body.errors).toBeUndefined();
    expect(await auditCount()).toBe(before + 1);
  });

  test.each([
    ['depth 20', DEPTH_20, 'TOO_DEEP'],
    ['40 aliases', ALIASES_40, 'TOO_MANY_ALIASES'],
    ['1,000 aliases', ALIASES_1000, 'TOO_MANY_TOKENS'],
    ['cost above the limit', COSTLY, 'TOO_COSTLY'],
  ])('HTTP: %s is refused', async (_name, query, reason) => {
    const before = await auditCount();
    const { status, body } = await graphqlHttp(hub.httpPort, alpha, query);
    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.extensions?.reason)).toContain(reason);
    expect(body.data).toBeUndefined();
    expect(await auditCount()).toBe(before);
  });

  test.each([
    ['depth 20', DEPTH_20, 'TOO_DEEP'],
    ['40 aliases', ALIASES_40, 'TOO_MANY_ALIASES'],
    ['1,000 aliases', ALIASES_1000, 'TOO_MANY_TOKENS'],
  ])('graphql-ws: %s is refused', async (_name, query, reason) => {
    const before = await auditCount();
    const ws = graphqlWs(hub.httpPort, alpha);
    try {
      const sub = collect(ws, query, {});
      const error = await sub.ended;
      expect(error?.extensions?.reason).toBe(reason);
      expect(sub.items).toHaveLength(0);
    } finally {
      await ws.dispose();
    }
    expect(await auditCount()).toBe(before);
  });

  test('a page above the cap is a clear validation error', async () => {
    const { body } = await graphqlHttp(
      hub.httpPort,
      alpha,
      '{ readings(first: 5000) { edges { cursor } } }',
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'PAGE_SIZE_EXCEEDED',
    });
  });

  test('a malformed cursor is a clear validation error', async () => {
    const { body } = await graphqlHttp(
      hub.httpPort,
      alpha,
      '{ readings(after: "abc") { edges { cursor } } }',
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_CURSOR',
    });
    expect(body.errors?.[0]?.message).toContain('cursor "abc" is not valid');
  });
});

describe('abuse: per-token rate limit and introspection switch', () => {
  let dataDir: string;
  let hub: RunningHub;
  let admin: string;
  let other: string;
  let wsToken: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, {
      HUB_GRAPHQL_RATE_PER_SEC: '1',
      HUB_GRAPHQL_RATE_BURST: '5',
      HUB_GRAPHQL_INTROSPECTION: 'false',
    });
    admin = adminToken(dataDir);
    other = (await createToken(hub, admin, { role: 'municipality', municipality: 'gamma' })).token;
    wsToken = (await createToken(hub, admin, { role: 'municipality', municipality: 'delta' }))
      .token;
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('introspection is refused when switched off, over HTTP and graphql-ws', async () => {
    const http = await graphqlHttp(hub.httpPort, admin, '{ __schema { types { name } } }');
    expect(http.status).toBe(400);
    expect(http.body.errors?.[0]?.message).toMatch(/introspection/i);
    const ws = graphqlWs(hub.httpPort, admin);
    try {
      const sub = collect(ws, '{ __schema { types { name } } }', {});
      expect((await sub.ended)?.message).toMatch(/introspection/i);
    } finally {
      await ws.dispose();
    }
  });

  test('a token over its rate gets HTTP 429 with a GraphQL error; another token is not affected', async () => {
    // All at once: 10 within the same instant is over a burst of 5 however slow the machine
    // (one after another, a slow machine would space them out to within the rate).
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        graphqlHttp(hub.httpPort, admin, '{ whatCanISee { role } }'),
      ),
    );
    expect(answers.map((a) => a.status)).toContain(429);
    const limited = answers.find((a) => a.status === 429);
    expect(limited?.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    const fine = await graphqlHttp(hub.httpPort, other, '{ whatCanISee { role } }');
    expect(fine.status).toBe(200);
  });

  test('graphql-ws subscribes count against the same per-token rate', async () => {
    const ws = graphqlWs(hub.httpPort, wsToken);
    try {
      // All at once, as above; each operation is a query, so each ends (completed or refused).
      const subs = Array.from({ length: 8 }, () => collect(ws, '{ whatCanISee { role } }', {}));
      const ends = await within(
        Promise.all(subs.map((sub) => sub.ended)),
        30_000,
        'the 8 operations over graphql-ws to end',
      );
      expect(ends.map((e) => e?.extensions?.code)).toContain('RATE_LIMITED');
    } finally {
      await ws.dispose();
    }
  });
});
