import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { MqttClient } from 'mqtt';
import { generate } from 'mqtt-packet';
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

/** The codes docs/sensors.md documents; a reply with any other is a bug. */
const DOCUMENTED_CODES = new Set([
  'INVALID_JSON',
  'UNKNOWN_KIND',
  'SCHEMA_VIOLATION',
  'OUT_OF_RANGE',
  'PAYLOAD_TOO_LARGE',
  'PAYLOAD_TOO_COMPLEX',
  'STALE_TIMESTAMP',
  'FUTURE_TIMESTAMP',
  'DUPLICATE_CONFLICT',
  'RAW_MEDIA_FORBIDDEN',
  'IDENTIFIER_IN_CLEAR',
  'SAMPLE_RATE_NOT_ALLOWED',
  'CALIBRATION_MISSING',
  'RULE_MISSING',
  'AUDIO_BACKLOG_FULL',
]);

/**
 * Property-based fuzzing of a running hub over real TCP, bounded in runs and time. Whatever a
 * client sends, the hub does not crash or hang: after every batch a legitimate device still gets
 * its PUBACK within 10 s and /health/live answers; and a refused message is never stored.
 */
describe('fuzzing the MQTT interface', () => {
  let dataDir: string;
  let hub: RunningHub;
  let legitLogin: ProvisionedDevice;
  let legit: MqttClient;
  let legitSeq = 0;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    legitLogin = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-legit');
    legit = await connectDevice(hub.mqttPort, legitLogin);
  });
  afterAll(async () => {
    legit?.end(true);
    await hub.close();
    removeDir(dataDir);
  });

  /** The hub still serves: a legitimate reading is acknowledged and stored, /health/live answers. */
  async function hubStillServes(): Promise<void> {
    const before = countEvents(dataDir, 'ReadingRecorded', 'lp-legit');
    const body = JSON.stringify({
      seq: legitSeq++,
      observedAt: new Date().toISOString(),
      celsius: 15,
    });
    expect(await publishAcked(legit, `${legitLogin.topicPrefix}temperature`, body, 10_000)).toBe(
      true,
    );
    expect(countEvents(dataDir, 'ReadingRecorded', 'lp-legit')).toBe(before + 1);
    expect(await isLive(hub.httpPort, 10_000)).toBe(true);
  }

  describe('(a) mutated MQTT packets on raw sockets', () => {
    let fuzzLogin: ProvisionedDevice;
    beforeAll(async () => {
      fuzzLogin = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-fuzz');
    });

    /** Writes the bytes on a fresh socket, waits for the hub to close it or `ms`, then closes it. */
    function sendRaw(bytes: Buffer, ms = 250): Promise<void> {
      return new Promise((resolve) => {
        const socket: Socket = connect(hub.mqttPort, '127.0.0.1');
        const done = () => {
          clearTimeout(timer);
          socket.destroy();
          resolve();
        };
        const timer = setTimeout(done, ms);
        socket.on('error', done);
        socket.on('close', done);
        socket.on('connect', () => socket.write(bytes));
      });
    }

    const connectPacket = (login: { username: string; password: string }, clientId: string) =>
      generate({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: true,
        clientId,
        keepalive: 30,
        username: login.username,
        password: Buffer.from(login.password),
      });

    const publishPacket = fc
      .record({
        kind: fc.constantFrom('temperature', 'air', 'motion', 'camera', 'nope'),
        qos: fc.constantFrom(0, 1, 2),
        messageId: fc.integer({ min: 0, max: 65535 }),
        payload: fc.uint8Array({ maxLength: 300 }),
        retain: fc.boolean(),
        dup: fc.boolean(),
      })
      .map(
        ({ kind, qos, messageId, payload, retain, dup }) =>
          (prefix: string) =>
            generate({
              cmd: 'publish',
              topic: `${prefix}${kind}`,
              qos,
              messageId: qos === 0 ? undefined : Math.max(1, messageId),
              payload: Buffer.from(payload),
              retain,
              dup,
            }),
      );

    /** A mutation of a valid byte string: flips, truncation, random length bytes, random type. */
    const mutation = fc.oneof(
      fc.record({
        op: fc.constant('flip' as const),
        at: fc.nat(),
        bit: fc.integer({ min: 0, max: 7 }),
      }),
      fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({
        op: fc.constant('length' as const),
        bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }),
      }),
      fc.record({ op: fc.constant('type' as const), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ op: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 64 }) }),
    );

    function mutate(
      packet: Buffer,
      m: fc.Arbitrary<unknown> extends never ? never : MutationValue,
    ): Buffer {
      const copy = Buffer.from(packet);
      switch (m.op) {
        case 'flip':
          copy[m.at % copy.length] ^= 1 << m.bit;
          return copy;
        case 'truncate':
          return copy.subarray(0, m.at % copy.length);
        case 'length':
          // Replace the remaining-length bytes with random ones (a lie about the size).
          return Buffer.concat([copy.subarray(0, 1), Buffer.from(m.bytes), copy.subarray(2)]);
        case 'type':
          copy[0] = m.byte;
          return copy;
        case 'append':
          return Buffer.concat([copy, Buffer.from(m.bytes)]);
      }
    }
    type MutationValue =
      | { op: 'flip'; at: number; bit: number }
      | { op: 'truncate'; at: number }
      | { op: 'length'; bytes: Uint8Array }
      | { op: 'type'; byte: number }
      | { op: 'append'; bytes: Uint8Array };

    test('the hub survives 60 mutated sessions and keeps serving a legitimate device', async () => {
      const readingsBefore = countEvents(dataDir, 'ReadingRecorded', 'lp-fuzz');
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('connect', 'publish', 'both'),
          publishPacket,
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          async (target, publish, mutations) => {
            const connectBytes = connectPacket(fuzzLogin, `fuzz-${run}`);
            const publishBytes = publish(fuzzLogin.topicPrefix);
            const mutateAll = (b: Buffer) =>
              mutations.reduce((acc, m) => mutate(acc, m as MutationValue), b);
            const bytes = Buffer.concat([
              target === 'publish' ? connectBytes : mutateAll(connectBytes),
              target === 'connect' ? publishBytes : mutateAll(publishBytes),
            ]);
            await sendRaw(bytes);
            if (++run % 10 === 0) await hubStillServes();
          },
        ),
        { numRuns: 60, interruptAfterTimeLimit: 60_000, seed: 11 },
      );
      await hubStillServes();
      // Random bytes are never a valid reading (a JSON object with seq, a zoned observedAt and
      // only the kind's fields), so nothing the fuzzer sent may have been stored.
      expect(countEvents(dataDir, 'ReadingRecorded', 'lp-fuzz')).toBe(readingsBefore);
    }, 120_000);
  });

  describe('(b) generated JSON payloads on authenticated connections', () => {
    let seq = 1;
    const now = () => new Date().toISOString();
    const deep = (depth: number, open: string, close: string) =>
      `${open.repeat(depth)}1${close.repeat(depth)}`;

    /** A payload body (string) of one of the shapes an attacker or a broken device sends. */
    const payload = fc.oneof(
      fc.constant(null).map(() => JSON.stringify({ seq: seq++, observedAt: now(), celsius: 18 })),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record({ depth: fc.integer({ min: 5, max: 3000 }), array: fc.boolean() })
        .map(
          ({ depth, array }) =>
            `{"seq": ${seq++}, "observedAt": "${now()}", "celsius": ${array ? deep(depth, '[', ']') : deep(depth, '{"a":', '}')}}`,
        ),
      fc
        .integer({ min: 1000, max: 120_000 })
        .map((n) => `{"seq": ${seq++}, "observedAt": "${now()}", "celsius": [${'0,'.repeat(n)}0]}`),
      fc
        .constantFrom('__proto__', 'constructor', 'prototype')
        .map((k) => `{"seq": ${seq++}, "observedAt": "${now()}", "celsius": 1, "${k}": {"x": 1}}`),
      fc
        .record({
          seq: fc.oneof(fc.constant(seq), fc.double(), fc.string(), fc.constant(-1)),
          observedAt: fc.oneof(
            fc.constant(now()),
            fc.constant('2026-07-01T12:00:00'),
            fc.integer(),
          ),
          celsius: fc.oneof(fc.double(), fc.string(), fc.array(fc.integer()), fc.constant(null)),
        })
        .map((r) => JSON.stringify({ ...r, seq: typeof r.seq === 'number' ? seq++ : r.seq })),
      fc
        .dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })
        .map((extra) => JSON.stringify({ seq: seq++, observedAt: now(), celsius: 5, ...extra })),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
    );

    test('every payload is acknowledged and either stored or refused with a documented code', async () => {
      let batch = 0;
      await fc.assert(
        fc.asyncProperty(
          // At most 15 messages per device: below the bad-sender threshold (20 a minute), so
          // every refusal is recorded and answered and can be counted.
          fc.array(payload, { minLength: 1, maxLength: 15 }),
          fc.constantFrom('temperature', 'air', 'motion', 'unknown-kind'),
          async (bodies, kind) => {
            const lamppost = `lp-json-${batch++}`;
            const login = await provisionDevice(hub, dataDir, 'scheveningen', lamppost);
            const device = await connectDevice(hub.mqttPort, login);
            const replies = await listenForRejections(device, login.topicPrefix);
            try {
              const before = countEvents(dataDir, 'ReadingRecorded', lamppost);
              for (const body of bodies) {
                expect(await publishAcked(device, `${login.topicPrefix}${kind}`, body)).toBe(true);
              }
              const got: RejectionReply[] = [];
              // Refusals + stored = sent; wait (bounded) for the replies to arrive.
              for (let waited = 0; waited < 100; waited++) {
                const stored = countEvents(dataDir, 'ReadingRecorded', lamppost) - before;
                if (got.length + stored >= bodies.length) break;
                got.push(await replies.next(kind, 10_000));
              }
              const stored = countEvents(dataDir, 'ReadingRecorded', lamppost) - before;
              expect(got.length + stored).toBe(bodies.length);
              for (const reply of got) expect(DOCUMENTED_CODES.has(reply.code)).toBe(true);
              expect(device.connected).toBe(true);
            } finally {
              device.end(true);
            }
            await hubStillServes();
          },
        ),
        { numRuns: 12, interruptAfterTimeLimit: 90_000, seed: 7 },
      );
    }, 180_000);
  });
});
