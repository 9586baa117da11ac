import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { graphqlWs } from './support/clients.js';
import { waitUntil } from './support/deadline.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { appendReading, collect, createLab, createToken, gql, grant } from './feeds-fixtures.js';

const HISTORY = `query { readings(filter: { lab: "aud-lab" }, first: 50) { edges { node { values } } } }`;
const STREAM = `subscription { readings(filter: { lab: "aud-lab" }) { cursor values } }`;

type Values = { copy: string };

/**
 * Where a privacy rule adds noise, the filter stores two copies of a count: the exact one for the
 * lab's owner and a noisy one for everyone else. Each side must get its own copy, never the other.
 */
describe('audience routing: exact copies to the owner, noisy copies under an agreement', () => {
  let dataDir: string;
  let hub: RunningHub;
  let owner: string;
  let grantee: string;
  let admin: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    admin = adminToken(dataDir);
    await createLab(hub, admin, 'aud-lab', 'delft');
    owner = (await createToken(hub, admin, { role: 'municipality', municipality: 'delft' })).token;
    grantee = (await createToken(hub, admin, { role: 'municipality', municipality: 'leiden' }))
      .token;
    await grant(hub, owner, {
      lab: 'aud-lab',
      to: 'leiden',
      kinds: ['camera', 'temperature'],
      until: '2999-01-01',
      level: 'readings',
    });
    await appendReading(hub, {
      lab: 'aud-lab',
      kind: 'camera',
      audience: 'owner',
      values: { copy: 'exact' },
    });
    await appendReading(hub, {
      lab: 'aud-lab',
      kind: 'camera',
      audience: 'shared',
      values: { copy: 'noisy' },
    });
    await appendReading(hub, {
      lab: 'aud-lab',
      kind: 'temperature',
      audience: 'any',
      values: { copy: 'both' },
    });
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  const copies = async (token: string) =>
    (
      await gql<{ readings: { edges: { node: { values: Values } }[] } }>(hub, token, HISTORY)
    ).readings.edges
      .map((e) => e.node.values.copy)
      .sort();

  test('history: the owner and admins see the exact copy, the grantee the noisy one', async () => {
    expect(await copies(owner)).toEqual(['both', 'exact']);
    expect(await copies(admin)).toEqual(['both', 'exact']);
    expect(await copies(grantee)).toEqual(['both', 'noisy']);
  });

  test('subscriptions route the same way', async () => {
    // The marker: a later reading for everyone. Replay runs in log order, so a wrongly routed copy
    // (stored before the marker) would arrive before it.
    await appendReading(hub, {
      lab: 'aud-lab',
      kind: 'temperature',
      audience: 'any',
      values: { copy: 'marker' },
    });
    for (const [token, expected] of [
      [owner, ['exact', 'both']],
      [grantee, ['noisy', 'both']],
    ] as const) {
      const ws = graphqlWs(hub.httpPort, token);
      try {
        const sub = collect<{ readings: { values: Values } }>(ws, STREAM, {});
        await waitUntil(() => sub.items.some((i) => i.readings.values.copy === 'marker'), {
          what: 'the marker reading on the subscription',
        });
        expect(sub.items.map((i) => i.readings.values.copy)).toEqual([...expected, 'marker']);
      } finally {
        await ws.dispose();
      }
    }
  });
});
