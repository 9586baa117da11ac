import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '@hub/event-store';
import { encodeCursor } from '@hub/feeds';
import { READING_RECORDED, type ReadingRecorded } from '@hub/contracts';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { RunningHub } from '../src/hub.js';
import { graphqlHttp, graphqlWs } from './support/clients.js';
import { within } from './support/deadline.js';
import {
  adminToken,
  API_ON_BROKER_THREAD,
  removeDir,
  startTestHub,
  tempDataDir,
} from './support/test-hub.js';
import { appendReading, collect, createLab, createToken, gql, sleep } from './feeds-fixtures.js';

const STREAM = 'subscription ($f: ReadingFilter) { readings(filter: $f) { cursor lab kind } }';
const STREAM_AFTER =
  'subscription ($f: ReadingFilter, $after: String) { readings(filter: $f, after: $after) { cursor lab kind } }';

function closeCodeOf(port: number, token: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
    ws.on('open', () =>
      ws.send(
        JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
      ),
    );
    ws.on('message', () => ws.close(1000));
    ws.on('close', (code) => resolve(code));
  });
}

interface RawMessage {
  id?: string;
  type: string;
  payload?: unknown;
}

/** A raw graphql-transport-ws client, acknowledged, that keeps every message it reads. */
async function rawSubscriber(
  port: number,
  token: string,
): Promise<{ slow: WebSocket; messages: RawMessage[] }> {
  const slow = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
  const messages: RawMessage[] = [];
  slow.on('message', (d) => messages.push(JSON.parse((d as Buffer).toString()) as RawMessage));
  await new Promise((r) => slow.once('open', r));
  slow.send(
    JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
  );
  await until(() => messages.some((m) => m.type === 'connection_ack'), 30_000, 'connection_ack');
  return { slow, messages };
}

async function until(done: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await sleep(50);
  }
}

/** Appends `count` air readings of own-lab/lp-1 (1 KB each) straight to the log. */
async function appendAirReadings(store: EventStore, firstSeq: number, count: number) {
  await store.appendToStream(
    `reading-own-lab.lp-1.air`,
    Array.from({ length: count }, (_, i) => ({
      id: randomUUID(),
      type: READING_RECORDED,
      data: {
        lab: 'own-lab',
        lamppost: 'lp-1',
        location: { lamppost: 'lp-1' },
        kind: 'air',
        seq: firstSeq + i,
        observedAt: new Date().toISOString(),
        intervalSeconds: 60,
        audience: 'any',
        values: { pm25: 1.5, pm10: 2.5, no2: 3.5, pad: 'x'.repeat(1000) },
        rule: { id: 'test-rules', version: 1, hash: 'a'.repeat(64) },
        transforms: ['allowlist'],
        receivedAt: new Date().toISOString(),
      } satisfies ReadingRecorded,
    })),
  );
}

describe('tokens: roles, hashing, revocation', () => {
  let dataDir: string;
  let hub: RunningHub;
  let admin: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    // The subscribers below are clients in this process, on the thread that also appends 20,000
    // events in bursts and runs the broker. With the API on its own thread (the default) it
    // pushes faster than such a "fast" client reads, and closes it too; on one thread the two
    // take turns, so only the client that stops reading falls behind.
    hub = await startTestHub(dataDir, {
      ...API_ON_BROKER_THREAD,
      HUB_FEEDS_SUBSCRIBER_BUFFER: '2000',
    });
    admin = adminToken(dataDir);
    await createLab(hub, admin, 'own-lab', 'zoetermeer');
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('an unknown token: HTTP 401 with a GraphQL error body, websocket close 4403', async () => {
    const { status, body } = await graphqlHttp(
      hub.httpPort,
      'not-a-token',
      '{ whatCanISee { role } }',
    );
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const missing = await graphqlHttp(hub.httpPort, undefined, '{ whatCanISee { role } }');
    expect(missing.status).toBe(401);
    expect(await closeCodeOf(hub.httpPort, 'not-a-token')).toBe(4403);
  });

  test('tokens are stored as digests only, and the municipality is registered on first use', async () => {
    const { token, id } = await createToken(hub, admin, {
      role: 'municipality',
      municipality: 'zoetermeer',
    });
    const store = hub.app.get<EventStore>(EVENT_STORE);
    const events = await store.readStream(`token-${id}`);
    expect(JSON.stringify(events)).not.toContain(token);
    expect(events[0]?.data).toMatchObject({ role: 'municipality', municipality: 'zoetermeer' });
    const data = await gql<{ municipalities: string[] }>(hub, admin, '{ municipalities }');
    expect(data.municipalities).toContain('zoetermeer');
    const refused = await graphqlHttp(hub.httpPort, token, '{ municipalities }');
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const bad = await graphqlHttp(
      hub.httpPort,
      admin,
      'mutation { createToken(input: { role: "municipality" }) { token } }',
    );
    expect(bad.body.errors?.[0]?.message).toContain('needs a municipality');
  });

  test('revoking a token ends its live subscription at once with a clear error, then 401 and 4403', async () => {
    const { token, id } = await createToken(hub, admin, {
      role: 'municipality',
      municipality: 'zoetermeer',
    });
    // Not lazy: the client keeps its socket after the subscription ends, so the server's close is seen.
    const ws = createClient({
      url: `ws://127.0.0.1:${hub.httpPort}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
    });
    const closed = new Promise<number>((resolve) =>
      ws.on('closed', (e) => resolve((e as { code: number }).code)),
    );
    const sub = collect<{ readings: { cursor: string } }>(ws, STREAM, { f: { lab: 'own-lab' } });
    await appendReading(hub, { lab: 'own-lab', kind: 'temperature' });
    await sub.waitFor(1);
    await gql(hub, admin, 'mutation ($id: String!) { revokeToken(id: $id) { revokedAt } }', { id });
    // "At once": the revocation itself ends the stream, no later event is needed to notice it.
    // The bound only names what hung; how fast it ends is for benchmarks.
    const error = await within(sub.ended, 20_000, 'the revoked subscription to end');
    expect(error?.extensions).toMatchObject({ code: 'TOKEN_REVOKED' });
    expect(await closed).toBe(4403);
    // The socket is closed (awaited above): nothing can reach this client any more, so the
    // items it has are all it ever gets.
    await appendReading(hub, { lab: 'own-lab', kind: 'temperature' });
    expect(sub.items).toHaveLength(1);
    await ws.dispose();

    expect((await graphqlHttp(hub.httpPort, token, '{ whatCanISee { role } }')).status).toBe(401);
    expect(await closeCodeOf(hub.httpPort, token)).toBe(4403);
  });

  test('a subscriber that cannot keep up is closed with a clear reason; ingest and others go on', async () => {
    const { token } = await createToken(hub, admin, {
      role: 'municipality',
      municipality: 'zoetermeer',
    });
    const store = hub.app.get<EventStore>(EVENT_STORE);
    const fast = graphqlWs(hub.httpPort, token);
    const fastSub = collect<{ readings: { cursor: string } }>(fast, STREAM, {
      f: { lab: 'own-lab', kind: 'air' },
    });

    // A raw client that subscribes and then stops reading its socket.
    const { slow, messages } = await rawSubscriber(hub.httpPort, token);
    slow.send(
      JSON.stringify({
        id: 's',
        type: 'subscribe',
        payload: {
          query:
            'subscription { readings(filter: { lab: "own-lab", kind: "air" }) { cursor lab kind values } }',
        },
      }),
    );
    // Pause only once the subscription is live: one event delivered proves it has caught up
    // with the log and reads from the shared tail (a subscriber still catching up reads the
    // store at its own pace and is never too slow).
    await appendAirReadings(store, 0, 1);
    await until(() => messages.some((m) => m.type === 'next'), 30_000, 'the first event');
    (slow as unknown as { _socket: { pause(): void } })._socket.pause();
    // It still answers the server's keep-alive (an unsolicited pong every 2 s: writing works
    // while reading is paused), so only its slowness can close it, however long this takes.
    const heartbeat = setInterval(() => slow.pong(), 2000);

    const total = 20_000;
    for (let batch = 0; batch < total / 500; batch++) {
      await sleep(30);
      await appendAirReadings(store, 1 + batch * 500, 500);
    }
    // Ingest and the other subscriber go on: every event reaches the one that keeps up.
    await fastSub.waitFor(total + 1, 120_000);
    clearInterval(heartbeat);
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    // What was queued before the close drains first; the error frame follows it.
    await until(() => messages.some((m) => m.type === 'error'), 60_000, 'the error frame');
    const error = messages.find((m) => m.type === 'error');
    expect(error?.payload).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'SUBSCRIBER_TOO_SLOW' }),
      }),
    ]);
    expect(messages.filter((m) => m.type === 'next').length).toBeLessThan(total);
    fastSub.stop();
    slow.close();
    await fast.dispose();
  }, 240_000);

  test('the slow-subscriber bound is per socket: many subscriptions on a socket that is not read share it', async () => {
    // Each subscription below is sent fewer events than HUB_FEEDS_SUBSCRIBER_BUFFER (2,000):
    // counted per subscription, none would ever be too slow. Counted per socket, their messages
    // add up: 8 x 1,500 = 12,000 of about 1 KB, far more than the kernel buffers of a loopback
    // connection hold (send buffer at most 4 MiB here), so the backlog passes 2,000.
    const SUBSCRIPTIONS = 8;
    const EVENTS = 1500;
    const { token } = await createToken(hub, admin, {
      role: 'municipality',
      municipality: 'zoetermeer',
    });
    const store = hub.app.get<EventStore>(EVENT_STORE);
    const after = encodeCursor(await appendReading(hub, { lab: 'own-lab', kind: 'air' }));
    const fast = graphqlWs(hub.httpPort, token);
    const fastSub = collect<{ readings: { cursor: string } }>(fast, STREAM_AFTER, {
      f: { lab: 'own-lab', kind: 'air' },
      after,
    });

    const { slow, messages } = await rawSubscriber(hub.httpPort, token);
    const ids = Array.from({ length: SUBSCRIPTIONS }, (_, i) => `s${i}`);
    for (const id of ids) {
      slow.send(
        JSON.stringify({
          id,
          type: 'subscribe',
          payload: {
            query:
              'subscription ($after: String) { readings(filter: { lab: "own-lab", kind: "air" }, after: $after) { cursor lab kind values } }',
            variables: { after },
          },
        }),
      );
    }
    // Pause once every subscription is live (pushed from the shared tail).
    await appendAirReadings(store, 100_000, 1);
    await until(
      () => ids.every((id) => messages.some((m) => m.id === id && m.type === 'next')),
      30_000,
      'the first event on every subscription',
    );
    (slow as unknown as { _socket: { pause(): void } })._socket.pause();
    const heartbeat = setInterval(() => slow.pong(), 2000);

    for (let batch = 0; batch < EVENTS / 500; batch++) {
      await sleep(30);
      await appendAirReadings(store, 100_001 + batch * 500, 500);
    }
    await fastSub.waitFor(EVENTS + 1, 120_000);
    clearInterval(heartbeat);
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    await until(() => messages.some((m) => m.type === 'error'), 60_000, 'an error frame');
    const errors = messages.filter((m) => m.type === 'error');
    for (const error of errors) {
      expect(error.payload).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'SUBSCRIBER_TOO_SLOW' }),
        }),
      ]);
    }
    fastSub.stop();
    slow.close();
    await fast.dispose();
  }, 240_000);
});
