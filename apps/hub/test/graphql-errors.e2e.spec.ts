import { afterAll, afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { StoreClosedError } from '@hub/event-store';
import { FeedService } from '@hub/feeds';
import { RegistryService } from '@hub/registry';
import type { RunningHub } from '../src/hub.js';
import { collect, createLab, createToken } from './feeds-fixtures.js';
import { graphqlHttp, graphqlWs } from './support/clients.js';
import { within } from './support/deadline.js';
import {
  adminToken,
  removeDir,
  startTestHub,
  tempDataDir,
  API_ON_BROKER_THREAD,
} from './support/test-hub.js';

// One error model and one formatter (docs/architecture.md, "Errors"): each context's refusal
// reaches a client with its code, reason and message over HTTP and over graphql-ws alike, and an
// unexpected error reaches it as INTERNAL_SERVER_ERROR with an error id and nothing of its cause.
const BOUND_MS = 10_000;

interface ClientError {
  readonly message: string;
  readonly extensions?: Record<string, unknown>;
}
type Transport = 'http' | 'ws';

describe('GraphQL errors: one model, one formatter, both transports', () => {
  let dataDir: string;
  let hub: RunningHub;
  let admin: string;
  let municipality: string;
  let partner: string;

  /** The first error of one operation, sent over the given transport. */
  async function firstError(
    transport: Transport,
    token: string,
    query: string,
  ): Promise<ClientError | undefined> {
    if (transport === 'http') {
      const { body } = await graphqlHttp(hub.httpPort, token, query);
      return body.errors?.[0];
    }
    const ws = graphqlWs(hub.httpPort, token);
    try {
      return await within(collect(ws, query, {}).ended, BOUND_MS, `the error of ${query}`);
    } finally {
      await ws.dispose();
    }
  }

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, API_ON_BROKER_THREAD);
    admin = adminToken(dataDir);
    await createLab(hub, admin, 'alpha-lab', 'alpha');
    await createLab(hub, admin, 'beta-lab', 'beta');
    municipality = (await createToken(hub, admin, { role: 'municipality', municipality: 'alpha' }))
      .token;
    partner = (await createToken(hub, admin, { role: 'partner', lab: 'alpha-lab' })).token;
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  const refusals: [string, () => string, string, Record<string, unknown>, string][] = [
    [
      'registry',
      () => admin,
      'mutation { createLab(id: "Not An Id!", municipality: "alpha") { id } }',
      { code: 'BAD_USER_INPUT', reason: 'INVALID_ID' },
      'is not valid: use 1 to 64 lowercase letters',
    ],
    [
      'access',
      () => municipality,
      '{ municipalities }',
      { code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' },
      'only admins list municipalities',
    ],
    [
      'governance',
      () => partner,
      '{ labDirectory { lab } }',
      { code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' },
      'the lab directory is for municipalities',
    ],
    [
      'feeds',
      () => municipality,
      '{ readings(after: "abc") { edges { cursor } } }',
      { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' },
      'cursor "abc" is not valid',
    ],
  ];

  for (const transport of ['http', 'ws'] as const) {
    test.each(refusals)(
      `over ${transport}: a %s refusal arrives with its code, reason and message`,
      async (_context, token, query, extensions, message) => {
        const error = await firstError(transport, token(), query);
        expect(error?.extensions).toEqual(extensions);
        expect(error?.message).toContain(message);
      },
    );

    test(`over ${transport}: an unexpected error arrives as INTERNAL_SERVER_ERROR, without its cause`, async () => {
      jest.spyOn(hub.app.get(RegistryService), 'labs').mockImplementation(() => {
        throw new TypeError(
          'cannot read /srv/secret/registry.db: database disk image is malformed',
        );
      });
      const error = await firstError(transport, admin, '{ labs { id } }');
      expect(error?.extensions).toEqual({
        code: 'INTERNAL_SERVER_ERROR',
        errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(error?.message).toContain(String(error?.extensions?.errorId));
      expect(JSON.stringify(error)).not.toMatch(/secret|malformed|TypeError|stack/);
    });

    test(`over ${transport}: an error meant for the operator (the store's) is hidden the same way`, async () => {
      jest.spyOn(hub.app.get(RegistryService), 'labs').mockImplementation(() => {
        throw new StoreClosedError();
      });
      const error = await firstError(transport, admin, '{ labs { id } }');
      expect(error?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
      expect(JSON.stringify(error)).not.toMatch(/closed|STORE_CLOSED/);
    });
  }

  test('over ws: a stream that ends in a refusal carries its details (whom to ask)', async () => {
    const error = await firstError(
      'ws',
      municipality,
      'subscription { readings(filter: { lab: "beta-lab" }) { cursor } }',
    );
    expect(error?.extensions).toMatchObject({ code: 'FORBIDDEN', owner: 'beta' });
    expect(typeof error?.extensions?.reason).toBe('string');
  });

  test('over ws: a stream that fails unexpectedly ends as INTERNAL_SERVER_ERROR', async () => {
    const failing = {
      next: () => Promise.reject(new TypeError('socket to /srv/secret/pg hung up')),
      return: () => Promise.resolve({ done: true as const, value: undefined }),
      throw: (e: Error) => Promise.reject(e),
      [Symbol.asyncIterator]() {
        return this;
      },
    } as unknown as AsyncGenerator<never>;
    jest.spyOn(hub.app.get(FeedService), 'live').mockResolvedValue(failing);
    const error = await firstError(
      'ws',
      municipality,
      'subscription { readings(filter: { lab: "alpha-lab" }) { cursor } }',
    );
    expect(error?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(error)).not.toMatch(/secret|hung up|TypeError/);
  });
});
