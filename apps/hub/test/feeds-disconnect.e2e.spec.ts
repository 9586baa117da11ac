import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { LiveSessions } from '@hub/feeds';
import type { RunningHub } from '../src/hub.js';
import { collect, createLab, createToken, sleep } from './feeds-fixtures.js';
import { graphqlWs } from './support/clients.js';
import { waitUntil } from './support/deadline.js';
import {
  adminToken,
  removeDir,
  startTestHub,
  tempDataDir,
  API_ON_BROKER_THREAD,
} from './support/test-hub.js';

const LAB = 'quiet-lane';
const READINGS = 'subscription { readings(filter: { lab: "quiet-lane" }) { cursor values } }';
const AGGREGATES = 'subscription { aggregates(lab: "quiet-lane") { hour count } }';

/** Waits until the hub runs exactly `want` live streams (a generous deadline names it). */
async function streamsBecome(hub: RunningHub, want: number): Promise<void> {
  const sessions = hub.app.get(LiveSessions);
  await waitUntil(() => sessions.size === want, {
    what: `${want} live streams on the hub (it has ${sessions.size})`,
  });
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
    hub = await startTestHub(dataDir, API_ON_BROKER_THREAD);
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
    await streamsBecome(hub, 3);
    // Not a wait before an assertion: a head start so the streams are past their catch-up and
    // idle (no marker shows that); on a slow machine the test only gets easier, never flaky.
    await sleep(200);

    await client.dispose();
    await streamsBecome(hub, 0);
    expect(sessions.size).toBe(0);
    for (const s of streams) expect(s.items).toEqual([]);
  });

  test('a subscription completed by the client ends on the hub while the socket stays open', async () => {
    const sessions = hub.app.get(LiveSessions);
    const client = graphqlWs(hub.httpPort, owner);
    try {
      const kept = collect(client, READINGS, {});
      const stopped = collect(client, READINGS, {});
      await streamsBecome(hub, 2);
      await sleep(200); // a head start to idle, as above
      stopped.stop();
      await streamsBecome(hub, 1);
      expect(sessions.size).toBe(1);
      expect(kept.items).toEqual([]);
    } finally {
      await client.dispose();
    }
    await streamsBecome(hub, 0);
  });
});
