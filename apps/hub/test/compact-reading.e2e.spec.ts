import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { READING_RECORDED, readingStreamId, type ReadingRecorded } from '@hub/contracts';
import { EVENT_STORE, type EventStore } from '@hub/event-store';
import { loadRuleSet } from '@hub/privacy';
import type { RunningHub } from '../src/hub.js';
import { connectDevice, graphqlHttp, graphqlWs, take } from './support/clients.js';
import { provisionDevice } from './support/devices.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const LAB = 'scheveningen';
const LAMPPOST = 'lp-compact';
const READING_FIELDS =
  'lamppost kind observedAt values intervalSeconds rule { id version hash } transforms';
const HISTORY = `query { readings(filter: { lamppost: "${LAMPPOST}" }, first: 10) {
  edges { node { ${READING_FIELDS} } } } }`;
const SUBSCRIPTION = `subscription { readings(filter: { lamppost: "${LAMPPOST}" }) { ${READING_FIELDS} } }`;
const VERSIONS = `query ($lab: String!) { ruleSetVersions(lab: $lab) { version ruleSetId hash status } }`;

interface ReadingJson {
  lamppost: string;
  kind: string;
  observedAt: string;
  values: Record<string, unknown>;
  intervalSeconds: number;
  rule: { id: string; version: number; hash: string };
  transforms: string[];
}

/** What the shipped rule file says the filter does to a temperature and a motion reading. */
function shippedTransforms(): Record<string, string[]> {
  const rules = loadRuleSet(readFileSync('libs/privacy/rules/scheveningen.json', 'utf8'));
  const t = rules.kinds.temperature!;
  const m = rules.kinds.motion!;
  const base = (r: typeof t) => [
    'allowlist',
    'round',
    `time-bucket:${r.timeBucketSeconds}s`,
    `location:${r.location.mode}`,
  ];
  return {
    temperature: base(t),
    motion: [...base(m), `small-count-suppression:k=${m.counts!.k}`],
  };
}

const byKind = (nodes: readonly ReadingJson[]) =>
  Object.fromEntries(nodes.map((n) => [n.kind, n])) as Record<string, ReadingJson>;

describe('compact readings (decision 0013): stored small, served as before', () => {
  let dataDir: string;
  let hub: RunningHub | undefined;

  beforeAll(() => {
    dataDir = tempDataDir();
  });
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('a reading stored compact answers its rule version`s stamp and transforms, live and in history, next to an old full one', async () => {
    hub = await startTestHub(dataDir);
    const token = adminToken(dataDir);
    const versions = await graphqlHttp<{
      ruleSetVersions: { version: number; ruleSetId: string; hash: string; status: string }[];
    }>(hub.httpPort, token, VERSIONS, { lab: LAB });
    const active = versions.body.data!.ruleSetVersions.find((v) => v.status === 'active')!;
    const stamp = { id: active.ruleSetId, version: active.version, hash: active.hash };
    const expected = shippedTransforms();

    const ws = graphqlWs(hub.httpPort, token);
    const live = take<{ readings: ReadingJson }>(ws, SUBSCRIPTION, {}, 2);
    await live.ready;
    const login = await provisionDevice(hub, dataDir, LAB, LAMPPOST);
    const device = await connectDevice(hub.mqttPort, login);
    const observedAt = new Date().toISOString();
    const topic = (kind: string) => `labs/${LAB}/lampposts/${LAMPPOST}/${kind}`;
    await device.publishAsync(
      topic('temperature'),
      JSON.stringify({ seq: 1, observedAt, celsius: 19.4 }),
      {
        qos: 1,
      },
    );
    await device.publishAsync(topic('motion'), JSON.stringify({ seq: 1, observedAt, events: 9 }), {
      qos: 1,
    });
    await device.endAsync();

    // In the log: the compact form, the rule as a reference to its version, no transforms.
    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    const rows = db
      .prepare(
        "SELECT stream_id, data FROM events WHERE type = 'ReadingRecorded' ORDER BY position",
      )
      .all() as { stream_id: string; data: string }[];
    db.close();
    expect(rows.map((r) => r.stream_id)).toEqual([
      `reading-${LAB}.${LAMPPOST}.temperature`,
      `reading-${LAB}.${LAMPPOST}.motion`,
    ]);
    for (const row of rows) {
      // Version 4 (decision 0019): [4, seq, at, values, rule], nothing else for an allowlist
      // kind with the audience `any`. Lab, lamppost, kind and location are in the stream id,
      // the interval and transforms in the rule version, receivedAt in the row.
      const data = JSON.parse(row.data) as unknown[];
      expect(data).toHaveLength(5);
      expect([data[0], data[1], data[4]]).toEqual([
        4,
        1,
        `${stamp.id}@${stamp.version}#${stamp.hash.slice(0, 8)}`,
      ]);
      expect(typeof data[2]).toBe('number'); // the time as epoch ms
      expect(data[3]).toEqual(expect.any(Object)); // the values, by name
      expect(row.data.length).toBeLessThan(120);
    }

    // Live: resolved from the rule version the governance log stamped.
    const served = byKind((await live.results).map((r) => r.readings));
    for (const kind of ['temperature', 'motion']) {
      expect(served[kind]).toMatchObject({
        lamppost: LAMPPOST,
        rule: stamp,
        transforms: expected[kind],
      });
    }
    await ws.dispose();

    // A reading as a hub before the compact form stored it (full form, same rule version).
    const old: ReadingRecorded = {
      lab: LAB,
      lamppost: LAMPPOST,
      location: { lamppost: LAMPPOST },
      kind: 'air',
      seq: 1,
      observedAt: served.temperature.observedAt,
      intervalSeconds: 60,
      audience: 'any',
      values: { pm25: 3.1 },
      rule: stamp,
      transforms: expected.temperature,
      receivedAt: new Date().toISOString(),
    };
    await hub.app
      .get<EventStore>(EVENT_STORE)
      .appendToStream(readingStreamId(old), [
        { id: randomUUID(), type: READING_RECORDED, data: old },
      ]);

    const history = async (): Promise<Record<string, ReadingJson>> => {
      const page = await graphqlHttp<{ readings: { edges: { node: ReadingJson }[] } }>(
        hub!.httpPort,
        token,
        HISTORY,
      );
      return byKind(page.body.data!.readings.edges.map((e) => e.node));
    };
    const before = await history();
    expect(Object.keys(before).sort()).toEqual(['air', 'motion', 'temperature']);
    for (const kind of ['temperature', 'motion']) {
      expect(before[kind]).toEqual(served[kind]);
    }
    expect(before.air).toMatchObject({ rule: stamp, transforms: expected.temperature });

    // The read models rebuilt from the mixed log (old full and new compact) answer the same.
    await hub.close();
    hub = undefined;
    rmSync(join(dataDir, 'read-models.sqlite'), { force: true });
    hub = await startTestHub(dataDir);
    expect(await history()).toEqual(before);
  });
});
