import { afterAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { waitUntil } from '../../../tools/test/wait-until.js';
import { connectDevice, graphqlHttp } from './support/clients.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const LAB = 'scheveningen';

interface KeyEvent {
  event: string;
  keyId: string;
  successorKeyId: string | null;
}

/** A radio message makes the hub pseudonymise, so the keyring creates its key for the epoch. */
async function publishRadio(hub: RunningHub, login: ProvisionedDevice, seq: number) {
  const device = await connectDevice(hub.mqttPort, login);
  try {
    await device.publishAsync(
      `labs/${LAB}/lampposts/lp-001/radio`,
      JSON.stringify({
        seq,
        observedAt: new Date().toISOString(),
        technology: 'wifi',
        identifiers: ['a4:5e:60:01:02:03'],
      }),
      { qos: 1 },
    );
  } finally {
    await device.endAsync();
  }
}

async function keyEvents(hub: RunningHub, token: string): Promise<KeyEvent[]> {
  const r = await graphqlHttp<{ pseudonymKeyEvents: KeyEvent[] }>(
    hub.httpPort,
    token,
    'query { pseudonymKeyEvents { event keyId successorKeyId } }',
  );
  if (!r.body.data) throw new Error(JSON.stringify(r.body.errors));
  return r.body.data.pseudonymKeyEvents;
}

describe('pseudonym key ids in the audit log', () => {
  const dataDir = tempDataDir();
  let hub: RunningHub | undefined;

  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('each run of each node has its own key ids, naming the node, so the audit can tell them apart', async () => {
    hub = await startTestHub(dataDir, { HUB_NODE_ID: 'node-a' });
    const login = await provisionDevice(hub, dataDir, LAB, 'lp-001');
    await publishRadio(hub, login, 1);
    await hub.close(); // destroys the run's key (recorded before the log closes)
    hub = undefined;

    // Same data dir, same epoch: a second run, then the same log under another node's name.
    for (const [node, seq] of [
      ['node-a', 2],
      ['node-b', 3],
    ] as const) {
      hub = await startTestHub(dataDir, { HUB_NODE_ID: node });
      await publishRadio(hub, login, seq);
      await hub.close();
      hub = undefined;
    }

    hub = await startTestHub(dataDir, { HUB_NODE_ID: 'node-a' });
    const running = hub;
    const admin = adminToken(dataDir);
    const events = await waitUntil(
      async () => {
        const all = await keyEvents(running, admin);
        return all.filter((e) => e.event === 'key-destroyed').length >= 3 ? all : undefined;
      },
      { what: 'three key-destroyed events in the audit' },
    );
    const created = events.filter((e) => e.event === 'key-created').map((e) => e.keyId);
    const destroyed = events.filter((e) => e.event === 'key-destroyed').map((e) => e.keyId);
    // Before key ids had a holder and run tag, all three runs created "k-<epoch>-1".
    expect(new Set(created).size).toBe(created.length);
    expect(created).toHaveLength(3);
    expect(created.filter((id) => id.includes('-node-a.'))).toHaveLength(2);
    expect(created.filter((id) => id.includes('-node-b.'))).toHaveLength(1);
    // Every key created was destroyed exactly once, and nothing else was destroyed.
    expect([...destroyed].sort()).toEqual([...created].sort());
  }, 180_000);
});
