import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import type { RunningHub } from '../src/hub.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { MOSQUITTO_CLIENTS } from '../../../tools/processes/system-programs.js';
import { describeWithPrograms } from '../../../tools/test/system-packages.js';
import { ABOUT_LAMPPOST_SQL, SEQ_SQL } from './support/stored-readings.js';

/** Debian's mosquitto-clients (installed by .ci/run); skipped with a SKIPPED line elsewhere. */
const describeInterop = describeWithPrograms('interop with Debian mosquitto-clients', [
  MOSQUITTO_CLIENTS,
]);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function mosquittoPub(port: number, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'mosquitto_pub',
      ['-h', '127.0.0.1', '-p', String(port), '-V', 'mqttv311', '-q', '1', ...args],
      { timeout: 20_000 },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** mosquitto_sub for one message; `subscribed` resolves once its SUBACK arrived (-d output). */
function mosquittoSubOne(port: number, device: ProvisionedDevice, topic: string) {
  // stdbuf (coreutils): mosquitto_sub block-buffers stdout into a pipe, which would hide the SUBACK.
  const child = spawn(
    'stdbuf',
    [
      '-oL',
      'mosquitto_sub',
      ...['-h', '127.0.0.1', '-p', String(port), '-V', 'mqttv311', '-q', '1', '-d'],
      ...['-i', device.username, '-u', device.username, '-P', device.password],
      ...['-t', topic, '-C', '1', '-W', '20', '-F', 'RX %t %p'],
    ],
    { timeout: 25_000 },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let markSubscribed: () => void = () => undefined;
  const subscribed = new Promise<void>((resolve) => (markSubscribed = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('received SUBACK')) markSubscribed();
  });
  const done = new Promise<{ status: number | null; message?: { topic: string; body: string } }>(
    (resolve, reject) => {
      child.once('error', reject);
      child.once('close', (status) => {
        const match = /^RX (\S+) (.*)$/m.exec(out);
        resolve({
          status,
          message: match ? { topic: match[1] ?? '', body: match[2] ?? '' } : undefined,
        });
      });
    },
  );
  return { subscribed, done, output: () => out + err };
}

describeInterop('interop with Debian mosquitto-clients', () => {
  let dataDir: string;
  let hub: RunningHub;
  let device: ProvisionedDevice;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    // scheveningen: a lab with privacy rules (readings of a lab without rules are refused).
    device = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-mosq');
  });
  afterAll(async () => {
    await hub?.close();
    if (dataDir) removeDir(dataDir);
  });

  test('mosquitto_pub publishes a reading with device credentials and it is stored', async () => {
    const observedAt = new Date().toISOString();
    const run = await mosquittoPub(hub.mqttPort, [
      ...['-i', device.username, '-u', device.username, '-P', device.password],
      ...['-t', `${device.topicPrefix}temperature`],
      ...['-m', JSON.stringify({ seq: 1, observedAt, celsius: 19.5 })],
    ]);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    try {
      const stored = db
        .prepare(
          `SELECT type FROM events WHERE ${ABOUT_LAMPPOST_SQL}
             AND ${SEQ_SQL} = 1`,
        )
        .all('lp-mosq', 'lp-mosq') as { type: string }[];
      // mosquitto_pub exits after the PUBACK, which the hub sends only once the event is durable.
      expect(stored).toEqual([{ type: 'ReadingRecorded' }]);
    } finally {
      db.close();
    }
  });

  // The hub allows one connection per device (client id = username; a second replaces the
  // first), so mosquitto_pub and mosquitto_sub, two connections, cannot both be the device while
  // one hears the other's reply: that round trip is checked with mqtt.js (device-acl.e2e.spec.ts).
  test('mosquitto_sub is granted its reply topic under its username; another client id is refused (2)', async () => {
    const rejectedTopic = `${device.topicPrefix}temperature/rejected`;
    const sub = mosquittoSubOne(hub.mqttPort, device, rejectedTopic);
    await sub.subscribed;
    expect(sub.output()).not.toContain('All subscription requests were denied');
    const run = await mosquittoPub(hub.mqttPort, [
      ...['-i', `${device.username}-pub`, '-u', device.username, '-P', device.password],
      ...['-t', `${device.topicPrefix}temperature`, '-m', '{"seq": 2, "celsius": '],
    ]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/identifier rejected/i);
    const { message } = await sub.done; // -W 20: nothing arrives, the sub times out
    expect(message).toBeUndefined();
  }, 180_000);

  test('mosquitto_sub beyond its own replies is refused; wrong and missing credentials too', async () => {
    const sub = mosquittoSubOne(hub.mqttPort, device, '#');
    const { message } = await sub.done;
    expect(message).toBeUndefined();
    // mosquitto_sub reads the SUBACK's 0x80 and gives up.
    expect(sub.output()).toContain('All subscription requests were denied');

    const wrong = await mosquittoPub(hub.mqttPort, [
      ...['-u', device.username, '-P', 'wrong-password'],
      ...['-t', `${device.topicPrefix}temperature`, '-m', '{}'],
    ]);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/bad user name or password/i);

    const anonymous = await mosquittoPub(hub.mqttPort, [
      ...['-t', `${device.topicPrefix}temperature`, '-m', '{}'],
    ]);
    expect(anonymous.status).not.toBe(0);
    expect(anonymous.stderr).toMatch(/not authori[sz]ed/i);
  });
});
