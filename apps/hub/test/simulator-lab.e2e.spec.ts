import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  EXPECTED_OUTCOME,
  type MisbehaveMode,
} from '../../../simulators/scheveningen/misbehave.js';
import { runLab } from '../../../simulators/scheveningen/run-lab.js';
import { parseCredentials, type CredentialMap } from '../../../simulators/shared/credentials.js';
import { SENSOR_KINDS, type SensorKind } from '../../../simulators/shared/topics.js';
import type { RunningHub } from '../src/hub.js';
import { graphqlHttp } from './support/clients.js';
import { provisionDevice } from './support/devices.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const LAB = 'scheveningen';
/**
 * Windowed kinds are stored when the rule's window closes: here the shortest windows the rule
 * schema allows (sound 2 s, camera and radio 10 s) instead of 1 to 15 minutes.
 */
const WINDOW_SECONDS: Record<string, number> = { sound: 2, camera: 10, radio: 10 };

function shortWindowRules(dir: string): string {
  const rules = JSON.parse(
    readFileSync(join(process.cwd(), 'libs/privacy/rules/scheveningen.json'), 'utf8'),
  ) as { kinds: Record<string, { windowSeconds?: number }> };
  for (const [kind, seconds] of Object.entries(WINDOW_SECONDS)) {
    const rule = rules.kinds[kind];
    if (rule) rule.windowSeconds = seconds;
  }
  const rulesDir = join(dir, 'rules');
  mkdirSync(rulesDir);
  writeFileSync(join(rulesDir, 'scheveningen.json'), JSON.stringify(rules));
  return rulesDir;
}

type Values = Record<string, unknown>;
const READINGS = `query ($kind: String) {
  readings(filter: { lab: "scheveningen", kind: $kind }, first: 500) { edges { node { lamppost values } } }
}`;

/** What each kind looks like once the privacy rule has turned it into facts. */
const STORED_SHAPE: Record<SensorKind, (v: Values) => boolean> = {
  temperature: (v) => typeof v.celsius === 'number',
  air: (v) => typeof v.pm25 === 'number' && typeof v.no2 === 'number',
  motion: (v) => typeof v.events === 'number',
  sound: (v) => typeof v.LAeq === 'number' && !('pcm' in v),
  camera: (v) => Array.isArray(v.counts) && !('frame' in v) && !('detections' in v),
  radio: (v) => Array.isArray(v.devices) && !('identifiers' in v),
};

describe('the Scheveningen living lab against the real hub', () => {
  let dataDir: string;
  let rulesRoot: string;
  let hub: RunningHub;
  let credentials: CredentialMap;
  const broker = (): string => `mqtt://127.0.0.1:${hub.mqttPort}`;
  const subset = (from: number, to: number): CredentialMap =>
    new Map([...credentials].slice(from, to));

  beforeAll(async () => {
    rulesRoot = tempDataDir();
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir, {
      HUB_PRIVACY_RULES_DIR: shortWindowRules(rulesRoot),
      // The flood below must outrun the refill on any machine: 2,000 messages against a burst of
      // 1,000 and 20 per second is cut off unless the flood takes over 50 s (the default 100 per
      // second let a slow, loaded machine send the whole flood within the refill).
      HUB_MQTT_MESSAGES_PER_SEC: '20',
    });
    const provisioned = [];
    for (let i = 1; i <= 22; i++) {
      const id = `sch-${String(i).padStart(3, '0')}`;
      provisioned.push(await provisionDevice(hub, dataDir, LAB, id));
    }
    // The documented credentials file format: a list of `device provision` outputs.
    credentials = parseCredentials(provisioned);
  }, 180_000);

  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
    removeDir(rulesRoot);
  });

  async function storedByKind(): Promise<Map<SensorKind, Values[]>> {
    const out = new Map<SensorKind, Values[]>();
    for (const kind of SENSOR_KINDS) {
      const { body } = await graphqlHttp<{ readings: { edges: { node: { values: Values } }[] } }>(
        hub.httpPort,
        adminToken(dataDir),
        READINGS,
        { kind },
      );
      expect(body.errors).toBeUndefined();
      out.set(
        kind,
        (body.data?.readings.edges ?? []).map((e) => e.node.values),
      );
    }
    return out;
  }

  test('an accelerated summer afternoon produces stored readings of every kind', async () => {
    const summary = await runLab({
      brokerUrl: broker(),
      credentials: subset(0, 6),
      lampposts: 6,
      seed: 5,
      start: new Date('2026-07-04T13:00:00+02:00'),
      speed: 30,
      durationSec: 6,
      minRealIntervalMs: 1000,
      settleMs: 1000,
    });
    expect(summary.devices).toEqual({ connected: 6, failed: 0 });
    expect(summary.errors).toEqual([]);
    for (const kind of SENSOR_KINDS) {
      const c = summary.perKind[kind];
      expect([kind, c.sent > 0, c.acked]).toEqual([kind, true, c.sent]);
    }
    // The lab scans wifi, bluetooth and 5G; the Scheveningen rule covers wifi and bluetooth only,
    // so the hub refuses the 5G scans (RULE_MISSING) and nothing else.
    const refusedRadio = summary.perKind.radio.rejected;
    expect(refusedRadio).toBeLessThan(summary.perKind.radio.sent);
    expect(summary.rejectedCodes).toEqual(refusedRadio ? { RULE_MISSING: refusedRadio } : {});
    for (const kind of SENSOR_KINDS.filter((k) => k !== 'radio')) {
      expect([kind, summary.perKind[kind].rejected]).toEqual([kind, 0]);
    }

    // Windowed kinds appear once their window closes (the hub flushes every second).
    const deadline = Date.now() + 25_000;
    let stored = await storedByKind();
    while (SENSOR_KINDS.some((k) => !stored.get(k)?.length) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      stored = await storedByKind();
    }
    for (const kind of SENSOR_KINDS) {
      const values = stored.get(kind) ?? [];
      expect([kind, values.length > 0]).toEqual([kind, true]);
      expect([kind, values.every(STORED_SHAPE[kind])]).toEqual([kind, true]);
    }
    // Direct kinds are stored one reading per message.
    expect(stored.get('temperature')?.length).toBe(summary.perKind.temperature.acked);
    expect(stored.get('air')?.length).toBe(summary.perKind.air.acked);
  }, 180_000);

  test('misbehaving devices get the answers the simulator expects', async () => {
    const modes: MisbehaveMode[] = [
      'bad-json',
      'schema',
      'out-of-range',
      'unknown-kind',
      'stale',
      'future',
      'raw-media',
      'oversize',
      'wrong-topic',
      'flood',
      'frozen-subscriber',
    ];
    const summary = await runLab({
      brokerUrl: broker(),
      credentials: subset(6, 20),
      lampposts: 14,
      kinds: ['temperature', 'motion'],
      speed: 60,
      durationSec: 7,
      minRealIntervalMs: 500,
      misbehave: modes,
      misbehaveEverySec: 2,
      freezeMs: 4000,
      settleMs: 1500,
    });
    expect(summary.devices).toEqual({ connected: 14, failed: 0 });
    const m = summary.misbehave;
    // One message per injection, each refused with the code the simulator's table names.
    for (const mode of [
      'bad-json',
      'schema',
      'out-of-range',
      'unknown-kind',
      'stale',
      'future',
      'raw-media',
    ] as const) {
      const r = m[mode];
      const code = EXPECTED_OUTCOME[mode].split(' ')[0];
      expect([mode, (r?.sent ?? 0) > 0]).toEqual([mode, true]);
      expect([mode, r?.rejections]).toEqual([mode, { [code]: r?.sent }]);
    }
    // MQTT 3.1.1 has no negative PUBACK: too large a packet and a foreign topic close the connection.
    expect(m.oversize).toMatchObject({ sent: 1, acked: 0, disconnects: 1 });
    expect(m['wrong-topic']).toMatchObject({ sent: 1, acked: 0, disconnects: 1 });
    // A flood is cut off by the per-device rate limit (burst 1000, 20 per second here).
    expect(m.flood?.disconnects).toBe(1);
    expect(m.flood?.acked).toBeLessThan(m.flood?.sent ?? 0);
    expect(m.flood?.acked).toBeGreaterThanOrEqual(900);
    // The frozen subscriber slows nobody down, and its provoking device hears about its refusals.
    const frozen = m['frozen-subscriber'];
    expect(frozen?.rejections.SCHEMA_VIOLATION).toBeGreaterThan(0);
    const others = /other devices acked (\d+) readings meanwhile/.exec(
      frozen?.notes.join(' ') ?? '',
    );
    expect(Number(others?.[1])).toBeGreaterThan(0);
    // The well-behaved readings of this run were not refused.
    expect(summary.rejectedCodes).toEqual({});
  }, 180_000);

  // A second message with the same seq and another body, sent right behind the first while it is
  // still being appended, waits for the first and is then refused as a conflict.
  test('a conflicting duplicate right behind the first gets DUPLICATE_CONFLICT', async () => {
    const summary = await runLab({
      brokerUrl: broker(),
      credentials: subset(20, 22),
      lampposts: 2,
      kinds: ['temperature'],
      durationSec: 2.5,
      misbehave: ['duplicate'],
      misbehaveEverySec: 1,
      settleMs: 1000,
    });
    const r = summary.misbehave.duplicate;
    expect(r?.sent).toBeGreaterThan(0);
    expect(r?.rejections).toEqual({ DUPLICATE_CONFLICT: (r?.sent ?? 0) / 2 });
  }, 180_000);
});
