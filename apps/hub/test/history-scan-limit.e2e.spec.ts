import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { connectDevice, graphqlHttp, type GraphQLResponse } from './support/clients.js';
import { provisionDevice } from './support/devices.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const LAB = 'scheveningen';
const LAMPPOST = 'lp-scan';
const OLD = 12;
const RECENT = 260;
const SCAN_LIMIT = 100;

interface Page {
  readings: {
    edges: { cursor: string; node: { observedAt: string } }[];
    pageInfo: { startCursor: string | null; hasPreviousPage: boolean };
  };
}
const HISTORY = `query ($to: DateTime!, $before: String) {
  readings(filter: { lamppost: "${LAMPPOST}", to: $to }, last: 10, before: $before) {
    edges { cursor node { observedAt } } pageInfo { startCursor hasPreviousPage } } }`;

/**
 * A history query whose time filter matches nothing recent made the hub walk every reading of the
 * lab on the broker's thread. With HUB_HISTORY_SCAN_LIMIT the page examines at most that many
 * readings and comes back short with a cursor to go on from; following the cursors still gives
 * exactly the matching readings.
 */
describe('a time-filtered history page examines at most HUB_HISTORY_SCAN_LIMIT readings', () => {
  let dataDir: string;
  let hub: RunningHub;
  let token: string;
  const now = Date.now();
  const oldAt = (i: number) => new Date(now - 3 * 3_600_000 + i * 60_000).toISOString();

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, { HUB_HISTORY_SCAN_LIMIT: String(SCAN_LIMIT) });
    token = adminToken(dataDir);
    const device = await connectDevice(
      hub.mqttPort,
      await provisionDevice(hub, dataDir, LAB, LAMPPOST),
    );
    const topic = `labs/${LAB}/lampposts/${LAMPPOST}/temperature`;
    let seq = 0;
    const publish = (observedAt: string) =>
      device.publishAsync(topic, JSON.stringify({ seq: ++seq, observedAt, celsius: 18 }), {
        qos: 1,
      });
    for (let i = 0; i < OLD; i++) await publish(oldAt(i));
    const recent = new Date(now - 60_000).toISOString();
    await Promise.all(Array.from({ length: RECENT }, () => publish(recent)));
    await device.endAsync();
  });
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('the newest page of old readings comes back short, and the cursors lead to all of them', async () => {
    const to = new Date(now - 2 * 3_600_000).toISOString();
    const found: string[] = [];
    let before: string | null = null;
    let pages = 0;
    let shortPages = 0;
    for (;;) {
      const res: GraphQLResponse<Page> = await graphqlHttp<Page>(hub.httpPort, token, HISTORY, {
        to,
        before,
      });
      expect(res.body.errors).toBeUndefined();
      const { edges, pageInfo }: Page['readings'] = res.body.data!.readings;
      pages += 1;
      if (pages === 1) {
        // 260 recent readings lie between the head and the old ones: more than one scan.
        expect(edges).toEqual([]);
        expect(pageInfo.hasPreviousPage).toBe(true);
        expect(pageInfo.startCursor).not.toBeNull();
      }
      if (edges.length < 10 && pageInfo.hasPreviousPage) shortPages += 1;
      found.unshift(...edges.map((e) => e.node.observedAt));
      if (!pageInfo.hasPreviousPage) break;
      before = pageInfo.startCursor;
      expect(pages).toBeLessThan(20);
    }
    expect(shortPages).toBeGreaterThanOrEqual(2);
    // Every old reading once, oldest first (time buckets of the shipped rule: whole minutes).
    expect(found).toHaveLength(OLD);
    expect(found.map((t) => Date.parse(t))).toEqual(
      Array.from({ length: OLD }, (_, i) => Math.floor(Date.parse(oldAt(i)) / 60_000) * 60_000),
    );
  });
});
