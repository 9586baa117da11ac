import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { encodeCursor, LiveSessions } from '@hub/feeds';
import type { RunningHub } from '../src/hub.js';
import { waitUntil } from './support/deadline.js';
import { RawGraphqlWs } from './support/raw-graphql-ws.js';
import {
  adminToken,
  removeDir,
  startTestHub,
  tempDataDir,
  API_ON_BROKER_THREAD,
} from './support/test-hub.js';
import { appendReading, createLab, createToken } from './feeds-fixtures.js';

const LAB = 'token-limits-lab';
const QUERY = `subscription ($after: String) {
  readings(filter: { lab: "${LAB}" }, after: $after) { cursor }
}`;
const SOCKETS = 2;
const OPERATIONS = 3;

/**
 * A token holder who opens websockets and subscriptions and never lets go: what one token holds
 * on the hub is bounded over all its sockets, and the bound frees up as its operations end.
 */
describe('graphql-ws: sockets and operations per token are bounded', () => {
  let dataDir: string;
  let hub: RunningHub;
  let admin: string;
  const open: RawGraphqlWs[] = [];

  const socket = (): RawGraphqlWs => {
    const ws = new RawGraphqlWs(hub.httpPort);
    open.push(ws);
    return ws;
  };
  const municipalityToken = async (): Promise<string> =>
    (await createToken(hub, admin, { role: 'municipality', municipality: 'leiden' })).token;
  const cursorOf = (m: { payload?: unknown }) =>
    (m.payload as { data?: { readings?: { cursor?: string } } } | undefined)?.data?.readings
      ?.cursor;
  /** Appends a reading and waits until each (socket, id) pair has it as a `next`. */
  const deliveredTo = async (pairs: [RawGraphqlWs, string][]): Promise<void> => {
    const cursor = encodeCursor(await appendReading(hub, { lab: LAB, kind: 'temperature' }));
    await waitUntil(
      () => pairs.every(([ws, id]) => ws.of(id).some((m) => cursorOf(m) === cursor)),
      { what: `reading ${cursor} on ${pairs.map(([, id]) => id).join(', ')}` },
    );
  };

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, {
      ...API_ON_BROKER_THREAD,
      HUB_GRAPHQL_MAX_SOCKETS_PER_TOKEN: String(SOCKETS),
      HUB_GRAPHQL_MAX_OPERATIONS_PER_TOKEN: String(OPERATIONS),
    });
    admin = adminToken(dataDir);
    await createLab(hub, admin, LAB, 'leiden');
  });
  afterAll(async () => {
    for (const ws of open) await ws.close();
    await hub.close();
    removeDir(dataDir);
  });

  test('a socket over the limit is closed with 1008 and the limit; other tokens are unaffected; a closed socket frees its place', async () => {
    const token = await municipalityToken();
    const first = socket();
    const second = socket();
    await first.init(token);
    await second.init(token);

    const third = socket();
    await expect(third.init(token)).rejects.toThrow('closed before connection_ack');
    expect(await third.closed).toEqual({
      code: 1008,
      reason: `too many connections for this token (at most ${SOCKETS})`,
    });

    // Another token of the same municipality has its own allowance.
    const other = socket();
    await other.init(await municipalityToken());

    // The two held sockets still work, and closing one lets a new one in.
    first.subscribe('still-served', QUERY, {});
    await waitUntil(() => hub.app.get(LiveSessions).size >= 1, { what: 'the subscription' });
    await deliveredTo([[first, 'still-served']]);
    await second.close();
    await socket().init(token);
  });

  test('an operation over the limit is refused with TOO_MANY_OPERATIONS, counted over all the token’s sockets; ending one frees its place', async () => {
    const token = await municipalityToken();
    const a = socket();
    const b = socket();
    await a.init(token);
    await b.init(token);
    const sessions = hub.app.get(LiveSessions);
    const before = sessions.size;

    a.subscribe('a1', QUERY, {});
    a.subscribe('a2', QUERY, {});
    b.subscribe('b1', QUERY, {});
    await waitUntil(() => sessions.size === before + OPERATIONS, { what: 'three live streams' });

    b.subscribe('b2', QUERY, {});
    await waitUntil(() => b.of('b2').length > 0, { what: 'an answer to b2' });
    expect(b.of('b2')).toEqual([
      {
        id: 'b2',
        type: 'error',
        payload: [
          expect.objectContaining({
            message: expect.stringContaining(`already runs ${OPERATIONS} operations`),
            extensions: { code: 'TOO_MANY_OPERATIONS', limit: OPERATIONS },
          }),
        ],
      },
    ]);
    expect(sessions.size).toBe(before + OPERATIONS);

    // The refused id holds nothing: the three streams are served, and b2 can be used again
    // once a1 has ended.
    await deliveredTo([
      [a, 'a1'],
      [a, 'a2'],
      [b, 'b1'],
    ]);
    a.complete('a1');
    await waitUntil(() => sessions.size === before + OPERATIONS - 1, { what: 'a1 to end' });
    b.subscribe('b2', QUERY, {});
    await waitUntil(() => sessions.size === before + OPERATIONS, { what: 'b2 to start' });
    await deliveredTo([
      [a, 'a2'],
      [b, 'b1'],
      [b, 'b2'],
    ]);

    // Closing a socket ends its operations and frees their places.
    await a.close();
    await waitUntil(() => sessions.size === before + 2, { what: 'a2 to end with its socket' });
    b.subscribe('b3', QUERY, {});
    await waitUntil(() => sessions.size === before + OPERATIONS, { what: 'b3 to start' });
    await deliveredTo([[b, 'b3']]);
    expect(b.of('b3').filter((m) => m.type !== 'next')).toEqual([]);
  });
});
