import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { RunningHub } from '../src/hub.js';
import { waitUntil, within } from './support/deadline.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const PER_IP = 4;
const TOTAL = 12;

/** A TCP socket to the hub's HTTP port from `from` (any 127/8 address is loopback on Linux). */
function open(port: number, from: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: from });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends on a new socket from `from` until it closes it. */
async function refusalTo(port: number, from: string): Promise<string> {
  const socket = await open(port, from);
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  await within(
    new Promise((resolve) => socket.once('close', resolve)),
    10_000,
    `the hub to close a capped socket from ${from}`,
  );
  return Buffer.concat(chunks).toString('utf8');
}

/** GET /health/live from `from`; resolves with the status. */
function liveFrom(port: number, from: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, localAddress: from, path: '/health/live', agent: false },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject);
    req.end();
  });
}

/**
 * Someone without a token who opens sockets to the HTTP port and never sends a whole request:
 * what one address, and everyone together, can hold open is bounded; the hub answers others.
 */
describe('HTTP port: connection caps per address and in all', () => {
  let dataDir: string;
  let hub: RunningHub;
  const held: Socket[] = [];

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, {
      HUB_HTTP_MAX_CONNECTIONS_PER_IP: String(PER_IP),
      HUB_HTTP_MAX_CONNECTIONS: String(TOTAL),
    });
  });
  afterAll(async () => {
    for (const s of held) s.destroy();
    await hub.close();
    removeDir(dataDir);
  });

  test('one address holding its cap gets a 503 naming it; other addresses are served; closing frees the place', async () => {
    const attacker = '127.0.0.2';
    const sockets: Socket[] = [];
    for (let i = 0; i < PER_IP; i++) {
      const s = await open(hub.httpPort, attacker);
      s.write('GET /health/live HTTP/1.1\r\nHost: hub\r\n'); // headers never finished
      sockets.push(s);
    }
    held.push(...sockets);

    const answer = await refusalTo(hub.httpPort, attacker);
    expect(answer).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(answer).toContain('Retry-After: 10\r\n');
    expect(answer).toContain(`too many connections from your address (at most ${PER_IP})`);

    expect(await liveFrom(hub.httpPort, '127.0.0.3')).toBe(200);

    for (const s of sockets) s.destroy();
    await waitUntil(async () => (await liveFrom(hub.httpPort, attacker).catch(() => 0)) === 200, {
      what: 'the address to be served again once its sockets closed',
    });
  });

  test('when the hub holds its total cap, a new address gets a 503 naming it', async () => {
    let answer = '';
    let accepted = 0;
    // Fresh addresses, PER_IP - 1 sockets each (under the per-address cap), until the hub
    // refuses. Each socket sends a whole keep-alive request: an accepted one is answered 200 and
    // stays open, a refused one is answered 503 and closed.
    for (let a = 10; a < 40 && !answer; a++) {
      const from = `127.0.0.${a}`;
      for (let i = 0; i < PER_IP - 1; i++) {
        const s = await open(hub.httpPort, from);
        held.push(s);
        const first = new Promise<string>((resolve) => {
          let text = '';
          const onData = (c: Buffer) => {
            text += c.toString('utf8');
            if (text.includes('\r\n\r\n')) {
              s.off('data', onData);
              resolve(text);
            }
          };
          s.on('data', onData);
          s.once('close', () => resolve(text));
        });
        s.write('GET /health/live HTTP/1.1\r\nHost: hub\r\nConnection: keep-alive\r\n\r\n');
        const head = await within(first, 10_000, `an answer to a socket from ${from}`);
        if (head.startsWith('HTTP/1.1 200')) {
          accepted += 1;
          continue;
        }
        answer = head;
        break;
      }
    }
    expect(answer).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(answer).toContain(`the hub holds the most connections it allows (${TOTAL})`);
    // The test's own keep-alive sockets (from starting the hub) may hold some of the places.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThanOrEqual(TOTAL);

    for (const s of held.splice(0)) s.destroy();
    await waitUntil(
      async () => (await liveFrom(hub.httpPort, '127.0.0.50').catch(() => 0)) === 200,
      { what: 'the hub to serve again once the sockets closed' },
    );
  });
});
