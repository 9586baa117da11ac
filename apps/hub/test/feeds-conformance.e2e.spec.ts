import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { serverAudits } from 'graphql-http';
import WebSocket from 'ws';
import type { RunningHub } from '../src/hub.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

/** Opens a raw graphql-transport-ws socket and resolves with its close code and reason. */
function rawSocket(port: number): {
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
} {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, closed, opened };
}

const nextMessage = (ws: WebSocket): Promise<{ type: string; id?: string; payload?: unknown }> =>
  new Promise((resolve) =>
    ws.once('message', (data) =>
      resolve(JSON.parse((data as Buffer).toString()) as { type: string }),
    ),
  );

describe('conformance: GraphQL over HTTP audits and graphql-ws close codes', () => {
  let dataDir: string;
  let hub: RunningHub;
  let admin: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, { HUB_WS_MAX_MESSAGE_BYTES: '4096' });
    admin = adminToken(dataDir);
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('graphql-http serverAudits: no errors (warnings are listed in docs/feeds.md)', async () => {
    const fetchWithToken: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${admin}`);
      return fetch(input, { ...init, headers });
    };
    const audits = serverAudits({
      url: `http://127.0.0.1:${hub.httpPort}/graphql`,
      fetchFn: fetchWithToken,
    });
    const results = await Promise.all(audits.map((audit) => audit.fn()));
    const errors = results
      .filter((r) => r.status === 'error')
      .map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
    const warnings = results.filter((r) => r.status === 'warn').map((r) => `${r.id} ${r.name}`);
    process.stdout.write(
      `graphql-http audit warnings (${warnings.length}):\n  ${warnings.join('\n  ')}\n`,
    );
    expect(errors).toEqual([]);
    expect(results.filter((r) => r.status === 'ok').length).toBeGreaterThan(0);
  });

  test('4403 Forbidden: connection_init with an unknown token', async () => {
    const s = rawSocket(hub.httpPort);
    await s.opened;
    s.ws.send(
      JSON.stringify({
        type: 'connection_init',
        payload: { authorization: 'Bearer nope-nope-nope' },
      }),
    );
    expect((await s.closed).code).toBe(4403);
  });

  test('4401 Unauthorized: subscribe before connection_init', async () => {
    const s = rawSocket(hub.httpPort);
    await s.opened;
    s.ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } }));
    expect((await s.closed).code).toBe(4401);
  });

  test('4400 Bad request: a message that is not the protocol', async () => {
    const s = rawSocket(hub.httpPort);
    await s.opened;
    s.ws.send('{"type":"nonsense"}');
    expect((await s.closed).code).toBe(4400);
  });

  test('4429 Too many initialisation requests: connection_init twice', async () => {
    const s = rawSocket(hub.httpPort);
    await s.opened;
    const init = JSON.stringify({
      type: 'connection_init',
      payload: { authorization: `Bearer ${admin}` },
    });
    s.ws.send(init);
    expect((await nextMessage(s.ws)).type).toBe('connection_ack');
    s.ws.send(init);
    expect((await s.closed).code).toBe(4429);
  });

  test('4409 Subscriber already exists: the same id twice', async () => {
    const s = rawSocket(hub.httpPort);
    await s.opened;
    s.ws.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${admin}` } }),
    );
    expect((await nextMessage(s.ws)).type).toBe('connection_ack');
    const sub = JSON.stringify({
      id: 'dup',
      type: 'subscribe',
      payload: { query: 'subscription { readings { cursor } }' },
    });
    s.ws.send(sub);
    s.ws.send(sub);
    expect((await s.closed).code).toBe(4409);
  });

  test('4408 Connection initialisation timeout: no connection_init within 3 s', async () => {
    const s = rawSocket(hub.httpPort);
    await s.opened;
    const started = Date.now();
    expect((await s.closed).code).toBe(4408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
  });

  test('a websocket message above HUB_WS_MAX_MESSAGE_BYTES closes the socket with 1009', async () => {
    const s = rawSocket(hub.httpPort);
    await s.opened;
    s.ws.send(
      JSON.stringify({
        type: 'connection_init',
        payload: { authorization: `Bearer ${admin}`, pad: 'x'.repeat(8000) },
      }),
    );
    expect((await s.closed).code).toBe(1009);
  });
});
