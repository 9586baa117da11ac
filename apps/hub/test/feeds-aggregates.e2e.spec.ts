import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { graphqlWs } from './support/clients.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { appendReading, collect, createLab, createToken, grant } from './feeds-fixtures.js';

const STREAM = `subscription ($lab: String!) {
  aggregates(lab: $lab, kinds: ["camera"]) { kind hour count suppressed noisy agreementId }
}`;
interface Agg {
  aggregates: {
    kind: string;
    hour: string;
    count: number | null;
    suppressed: boolean;
    noisy: boolean;
    agreementId: string | null;
  };
}

describe('aggregates subscription: closed hours, exact for the owner, suppressed and noisy under an agreement', () => {
  let dataDir: string;
  let hub: RunningHub;
  let owner: string;
  let grantee: string;
  const hourMs = 3_600_000;
  const hourStart = Math.floor(Date.now() / hourMs) * hourMs;
  const threeAgo = new Date(hourStart - 3 * hourMs).toISOString();
  const twoAgo = new Date(hourStart - 2 * hourMs).toISOString();

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    const admin = adminToken(dataDir);
    await createLab(hub, admin, 'agg-lab', 'rijswijk');
    owner = (await createToken(hub, admin, { role: 'municipality', municipality: 'rijswijk' }))
      .token;
    grantee = (await createToken(hub, admin, { role: 'municipality', municipality: 'wassenaar' }))
      .token;
    await grant(hub, owner, {
      lab: 'agg-lab',
      to: 'wassenaar',
      kinds: ['camera'],
      until: '2999-01-01',
      level: 'aggregates',
    });
    // Hour -3: 3 readings (below k = 5); hour -2: 60 readings.
    for (let i = 0; i < 3; i++)
      await appendReading(hub, { lab: 'agg-lab', kind: 'camera', observedAt: threeAgo });
    for (let i = 0; i < 60; i++)
      await appendReading(hub, { lab: 'agg-lab', kind: 'camera', observedAt: twoAgo });
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('the owner receives the exact counts of closed hours', async () => {
    const ws = graphqlWs(hub.httpPort, owner);
    try {
      const sub = collect<Agg>(ws, STREAM, { lab: 'agg-lab' });
      const got = await sub.waitFor(2);
      expect(got.map((g) => g.aggregates)).toEqual([
        {
          kind: 'camera',
          hour: threeAgo,
          count: 3,
          suppressed: false,
          noisy: false,
          agreementId: null,
        },
        {
          kind: 'camera',
          hour: twoAgo,
          count: 60,
          suppressed: false,
          noisy: false,
          agreementId: null,
        },
      ]);
      sub.stop();
    } finally {
      await ws.dispose();
    }
  });

  test('the grantee receives a suppressed small count and a noisy large one', async () => {
    const ws = graphqlWs(hub.httpPort, grantee);
    try {
      const sub = collect<Agg>(ws, STREAM, { lab: 'agg-lab' });
      const [small, large] = (await sub.waitFor(2)).map((g) => g.aggregates);
      expect(small).toMatchObject({ hour: threeAgo, count: null, suppressed: true });
      expect(large).toMatchObject({ hour: twoAgo, suppressed: false, noisy: true });
      expect(large.count).toBeGreaterThanOrEqual(5);
      expect(Math.abs(large.count! - 60)).toBeLessThan(30);
      sub.stop();
    } finally {
      await ws.dispose();
    }
  });
});
