import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { MqttClient } from 'mqtt';
import type { RunningHub } from '../src/hub.js';
import { connectDevice } from './support/clients.js';
import {
  countEvents,
  isLive,
  listenForRejections,
  publishAcked,
  type RejectionReply,
} from './support/device-replies.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

/**
 * Payloads built to hurt the hub, sent by an authenticated device over real TCP. Each one must be
 * acknowledged, answered with a code on `.../rejected`, recorded as a MessageRejected and not
 * stored as a reading; the connection stays open and the next good reading is stored.
 */
describe('poison payloads', () => {
  let dataDir: string;
  let hub: RunningHub;
  let login: ProvisionedDevice;
  let device: MqttClient;
  let replies: Awaited<ReturnType<typeof listenForRejections>>;
  let seq = 100;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    login = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-poison');
    device = await connectDevice(hub.mqttPort, login);
    replies = await listenForRejections(device, login.topicPrefix);
  });
  afterAll(async () => {
    device?.end(true);
    await hub.close();
    removeDir(dataDir);
  });

  const good = () =>
    JSON.stringify({ seq: seq++, observedAt: new Date().toISOString(), celsius: 12.5 });

  /** Sends one bad payload; returns the reply after checking ack, record and liveness. */
  async function refused(body: string, kind = 'temperature'): Promise<RejectionReply> {
    const rejectedBefore = countEvents(dataDir, 'MessageRejected', 'lp-poison');
    const readingsBefore = countEvents(dataDir, 'ReadingRecorded', 'lp-poison');
    const acked = await publishAcked(device, `${login.topicPrefix}${kind}`, body);
    expect(acked).toBe(true); // a PUBACK, not a closed connection
    const reply = await replies.next(kind);
    expect(countEvents(dataDir, 'MessageRejected', 'lp-poison')).toBe(rejectedBefore + 1);
    // The same connection still delivers a good reading, and it is stored.
    expect(await publishAcked(device, `${login.topicPrefix}temperature`, good())).toBe(true);
    expect(countEvents(dataDir, 'ReadingRecorded', 'lp-poison')).toBe(readingsBefore + 1);
    expect(device.connected).toBe(true);
    expect(await isLive(hub.httpPort)).toBe(true);
    return reply;
  }

  test('a 1,500-level nested array is refused as PAYLOAD_TOO_COMPLEX, not a crash', async () => {
    const deep = `${'['.repeat(1500)}${']'.repeat(1500)}`;
    const body = `{"seq": 1, "observedAt": "${new Date().toISOString()}", "celsius": ${deep}}`;
    expect(Buffer.byteLength(body)).toBeLessThan(4096);
    const reply = await refused(body);
    expect(reply).toMatchObject({ code: 'PAYLOAD_TOO_COMPLEX', seq: 1 });
    expect(reply.message).toMatch(/deeper than/);
  });

  test('a nested object as deep as the JSON parser allows is refused the same way', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const reply = await refused(
      `{"seq": 2, "observedAt": "${new Date().toISOString()}", "x": ${deep}}`,
      'camera',
    );
    expect(reply.code).toBe('PAYLOAD_TOO_COMPLEX');
  });

  test('an array of 100,000 numbers is refused before validation', async () => {
    const body = `{"seq": 3, "observedAt": "${new Date().toISOString()}", "identifiers": [${'0,'.repeat(99_999)}0], "technology": "wifi"}`;
    const reply = await refused(body, 'radio');
    expect(reply).toMatchObject({ code: 'PAYLOAD_TOO_COMPLEX', seq: 3 });
  });

  test.each(['__proto__', 'constructor', 'prototype'])(
    'a %s field is refused with a reason naming it',
    async (key) => {
      const body = `{"seq": 4, "observedAt": "${new Date().toISOString()}", "celsius": 20, "${key}": {"isAdmin": true}}`;
      const reply = await refused(body);
      expect(reply).toMatchObject({ code: 'SCHEMA_VIOLATION', field: key, seq: 4 });
      expect(reply.message).toContain(key);
    },
  );

  test('a nested __proto__ (inside a camera detection) is refused too', async () => {
    const body = JSON.stringify({
      seq: 5,
      observedAt: new Date().toISOString(),
      detections: [{ class: 'person', bbox: [1, 2, 3, 4], confidence: 0.9 }],
    }).replace('"class"', '"__proto__": {"polluted": 1}, "class"');
    const reply = await refused(body, 'camera');
    expect(reply).toMatchObject({ code: 'SCHEMA_VIOLATION', field: 'detections[0].__proto__' });
  });

  test('a misspelled field is refused and the reply names the expected one', async () => {
    const body = JSON.stringify({ seq: 6, observedAt: new Date().toISOString(), celcius: 20 });
    const reply = await refused(body);
    expect(reply).toMatchObject({ code: 'SCHEMA_VIOLATION', field: 'celcius', seq: 6 });
    expect(reply.message).toContain('did you mean celsius?');
  });

  test.each(['2026-07-01T12:00:00', '2026-07-01T12:00:00.000', '2026-07-01'])(
    'observedAt without a time zone (%s) is refused',
    async (observedAt) => {
      const reply = await refused(JSON.stringify({ seq: 7, observedAt, celsius: 20 }));
      expect(reply).toMatchObject({ code: 'SCHEMA_VIOLATION', field: 'observedAt', seq: 7 });
      expect(reply.message).toMatch(/time zone/);
    },
  );

  test('observedAt with an offset is accepted', async () => {
    const at = new Date(Date.now() + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    const before = countEvents(dataDir, 'ReadingRecorded', 'lp-poison');
    const body = JSON.stringify({ seq: seq++, observedAt: at, celsius: 20 });
    expect(await publishAcked(device, `${login.topicPrefix}temperature`, body)).toBe(true);
    expect(countEvents(dataDir, 'ReadingRecorded', 'lp-poison')).toBe(before + 1);
  });
});
