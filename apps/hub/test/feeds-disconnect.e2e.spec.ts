import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { LiveSessions } from '@hub/feeds';
import type { RunningHub } from '../src/hub.js';
import { collect, createLab, createToken, sleep } from './feeds-fixtures.js';
import { graphqlWs } from './support/clients.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const LAB = 'quiet-lane';
const READINGS = 'subscription { readings(filter: { lab: "quiet-lane" }) { cursor values } }';
const AGGREGATES = 'subscription { aggregates(lab: "quiet-lane") { hour count } }';

/** Polls `read` until it returns `want` or `timeoutMs` passes; returns what it saw last. */
async function settle(read: () => number, want: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (read() !== want && Date.now() < deadline) await sleep(20);
  return read();
}

/**
 * A subscriber that goes away while its feed is quiet must not leave its stream running on the
 * hub until the next reading happens to arrive (which on a quiet lab may be hours).
 */
describe('feeds: a subscriber that disconnects from a quiet feed', () => {
  let dataDir: string;
  let hub: RunningHub;
  let owner: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    await createLab(hub, adminToken(dataDir), LAB, 'wassenaar');
    owner = (
      await createToken(hub, adminToken(dataDir), {
        role: 'municipality',
        municipality: 'wassenaar',
      })
    ).token;
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('ends its streams on the hub at once, with no event needed', async () => {
    const sessions = hub.app.get(LiveSessions);
    const client = graphqlWs(hub.httpPort, owner);
    const streams = [
      collect(client, READINGS, {}),
      collect(client, READINGS, {}),
      collect(client, AGGREGATES, {}),
    ];
    expect(await settle(() => sessions.size, 3, 5000)).toBe(3);
    await sleep(200); // all three are now waiting for news that does not come

    await client.dispose();
    expect(await settle(() => sessions.size, 0, 1000)).toBe(0);
    for (const s of streams) expect(s.items).toEqual([]);
  });

  test('a subscription completed by the client ends on the hub while the socket stays open', async () => {
    const sessions = hub.app.get(LiveSessions);
    const client = graphqlWs(hub.httpPort, owner);
    try {
      const kept = collect(client, READINGS, {});
      const stopped = collect(client, READINGS, {});
      expect(await settle(() => sessions.size, 2, 5000)).toBe(2);
      await sleep(200);
      stopped.stop();
      expect(await settle(() => sessions.size, 1, 1000)).toBe(1);
      expect(kept.items).toEqual([]);
    } finally {
      await client.dispose();
    }
    expect(await settle(() => sessions.size, 0, 1000)).toBe(0);
  });
});
