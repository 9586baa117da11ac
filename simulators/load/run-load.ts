import type { MqttClient } from 'mqtt';
import type { CredentialMap, DeviceCredentials } from '../shared/credentials.js';
import { LatencyHistogram } from '../shared/histogram.js';
import { connectDevice, deviceClientId, endClient } from '../shared/mqtt-connect.js';
import { type SensorKind } from '@hub/contracts';
import { readingTopic, topicPrefix } from '../shared/topics.js';
import { payloadFactory } from './payload.js';

export interface RunLoadOptions {
  brokerUrl: string;
  /** Concurrent MQTT clients, one per simulated device (default 10). */
  devices?: number;
  /** Target messages per second over all devices; 0 = as fast as possible (default 1000). */
  rate?: number;
  /** Same as rate 0. */
  max?: boolean;
  /** Bound on unacknowledged messages per client (default 100). */
  inflight?: number;
  qos?: 0 | 1 | 2;
  kind?: SensorKind;
  /** Real seconds of sending (default 10). */
  durationSec?: number;
  lab?: string;
  /** One account for every client ... */
  username?: string;
  password?: string;
  /** ... or per-device accounts; device ids (and topic prefixes) are taken from it in order. */
  credentials?: CredentialMap;
  clientIdPrefix?: string;
  /**
   * First seq minus one (default: the current time in microseconds). One counter for all clients,
   * so each device's seqs increase; microseconds keep a rerun against the same hub above the last
   * run's numbers even at a million messages per second (a reused seq is a redelivery to the hub).
   */
  seqStart?: number;
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
}

export interface LoadProgress {
  elapsedSec: number;
  sent: number;
  acked: number;
  /** Acks per second over the last progress interval. */
  currentRate: number;
  inflight: number;
}

export interface LoadResult {
  broker: string;
  mode: 'rate' | 'max';
  devices: number;
  qos: 0 | 1 | 2;
  kind: SensorKind;
  targetRate: number | null;
  sent: number;
  acked: number;
  /** Acks per second from the first publish to the last ack. */
  achievedRate: number;
  /** PUBACK latency (QoS 1), PUBCOMP (QoS 2), or socket write (QoS 0), in ms. */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** Rate mode: sends skipped because a client had `inflight` messages outstanding. */
  skipped: number;
  errors: number;
  errorMessages: string[];
  durationSec: number;
}

interface LoadClient {
  client: MqttClient;
  topic: string;
  /** Rate mode: send slots elapsed so far (sent or skipped). */
  scheduled: number;
  /**
   * Where in its period the device sends (0 to 1). Devices in the street are not in step; with one
   * phase for all, every device sent at the same instant and a tenth of the hub's maximum arrived
   * as bursts of one message per device (100 at once every 113 ms).
   */
  phase: number;
  sent: number;
  inflight: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function accountsFor(
  opts: RunLoadOptions,
  devices: number,
): Array<{ id: string; prefix: string; credentials?: DeviceCredentials }> {
  const lab = opts.lab ?? 'load';
  if (opts.credentials) {
    const entries = [...opts.credentials];
    if (entries.length < devices) {
      throw new Error(
        `credentials file has ${entries.length} devices, --devices asks for ${devices}`,
      );
    }
    return entries
      .slice(0, devices)
      .map(([id, c]) => ({ id, prefix: c.topicPrefix ?? topicPrefix(lab, id), credentials: c }));
  }
  const shared =
    opts.username !== undefined
      ? { username: opts.username, password: opts.password ?? '' }
      : undefined;
  return Array.from({ length: devices }, (_, i) => {
    const id = `load-${String(i + 1).padStart(4, '0')}`;
    return { id, prefix: topicPrefix(lab, id), credentials: shared };
  });
}

/**
 * Drives an MQTT broker with many devices at a target rate (open loop, bounded in-flight) or as
 * fast as possible (closed loop: each client keeps `inflight` messages outstanding), and measures
 * acknowledgement latency in an HDR histogram. Works against any MQTT 3.1.1 broker.
 */
export async function runLoad(opts: RunLoadOptions): Promise<LoadResult> {
  const devices = opts.devices ?? 10;
  const qos = opts.qos ?? 1;
  const kind = opts.kind ?? 'temperature';
  const maxMode = opts.max === true || opts.rate === 0;
  const rate = maxMode ? 0 : (opts.rate ?? 1000);
  const inflightCap = opts.inflight ?? 100;
  const durationMs = (opts.durationSec ?? 10) * 1000;
  const makePayload = payloadFactory(kind);
  const histogram = new LatencyHistogram();
  const errorMessages: string[] = [];
  let errors = 0;
  let acked = 0;
  let skipped = 0;
  let seq = opts.seqStart ?? Date.now() * 1000;
  let lastAckAt = 0;
  const noteError = (m: string): void => {
    errors++;
    if (errorMessages.length < 20 && !errorMessages.includes(m)) errorMessages.push(m);
  };

  const accounts = accountsFor(opts, devices);
  const clients: LoadClient[] = await Promise.all(
    accounts.map(async (a, i) => {
      const client = await connectDevice({
        brokerUrl: opts.brokerUrl,
        // Per-device credentials (a credentials file): the hub wants the username as client id.
        // A shared --username is only for brokers without that rule.
        clientId: opts.credentials
          ? deviceClientId(a.credentials, `load-${i}`)
          : `${opts.clientIdPrefix ?? 'load-'}${process.pid}-${i}`,
        credentials: a.credentials,
      });
      client.on('error', (e) => noteError(e.message));
      return {
        client,
        topic: readingTopic(a.prefix, kind),
        scheduled: 0,
        phase: i / devices,
        sent: 0,
        inflight: 0,
      };
    }),
  );

  const start = performance.now();
  let stopped = false;
  const sendOne = (c: LoadClient, onDone?: () => void): void => {
    const t0 = performance.now();
    c.sent++;
    c.inflight++;
    c.client.publish(c.topic, makePayload(++seq, new Date().toISOString()), { qos }, (err) => {
      c.inflight--;
      if (err) noteError(err.message);
      else {
        acked++;
        lastAckAt = performance.now();
        histogram.recordMs(lastAckAt - t0);
      }
      onDone?.();
    });
  };

  if (maxMode) {
    const pump = (c: LoadClient): void => {
      if (stopped || !c.client.connected) return;
      while (c.inflight < inflightCap) sendOne(c, () => pump(c));
    };
    // A burst of `inflight` publishes per client, then one new publish per acknowledgement.
    for (const c of clients) {
      for (let i = 0; i < inflightCap && !stopped; i++) sendOne(c, () => pump(c));
    }
  }

  const perClient = rate / devices;
  let lastProgressAt = start;
  let lastProgressAcked = 0;
  while (!stopped) {
    const now = performance.now();
    if (now - start >= durationMs || opts.signal?.aborted) break;
    if (!maxMode) {
      const elapsedSec = (now - start) / 1000;
      for (const c of clients) {
        const due = Math.floor(elapsedSec * perClient + c.phase) - c.scheduled;
        for (let i = 0; i < due; i++) {
          c.scheduled++;
          // A slot missed because the client is saturated is not made up later (open loop).
          if (c.inflight >= inflightCap || !c.client.connected) skipped++;
          else sendOne(c);
        }
      }
    }
    if (opts.onProgress && now - lastProgressAt >= 1000) {
      opts.onProgress({
        elapsedSec: (now - start) / 1000,
        sent: clients.reduce((s, c) => s + c.sent, 0),
        acked,
        currentRate: Math.round(((acked - lastProgressAcked) * 1000) / (now - lastProgressAt)),
        inflight: clients.reduce((s, c) => s + c.inflight, 0),
      });
      lastProgressAt = now;
      lastProgressAcked = acked;
    }
    await sleep(maxMode ? 100 : 2);
  }
  stopped = true;
  const drainDeadline = performance.now() + 10_000;
  while (clients.some((c) => c.inflight > 0) && performance.now() < drainDeadline) await sleep(10);
  const sent = clients.reduce((s, c) => s + c.sent, 0);
  await Promise.all(clients.map((c) => endClient(c.client)));

  const span = Math.max(1e-3, ((lastAckAt || performance.now()) - start) / 1000);
  const lat = histogram.summary();
  return {
    broker: opts.brokerUrl,
    mode: maxMode ? 'max' : 'rate',
    devices,
    qos,
    kind,
    targetRate: maxMode ? null : rate,
    sent,
    acked,
    achievedRate: Math.round(acked / span),
    p50Ms: lat.p50Ms,
    p90Ms: lat.p90Ms,
    p99Ms: lat.p99Ms,
    maxMs: lat.maxMs,
    meanMs: lat.meanMs,
    skipped,
    errors,
    errorMessages,
    durationSec: Math.round((performance.now() - start) / 100) / 10,
  };
}
