import type { MqttClient } from 'mqtt';
import type { DeviceCredentials } from '../shared/credentials.js';
import { connectDevice, deviceClientId, endClient } from '../shared/mqtt-connect.js';
import type { LabDevice } from './device.js';
import { badMessages, type MisbehaveMode } from './misbehave.js';
import type { MisbehaveReport, Tally } from './tally.js';

/**
 * Misbehaviours that need a connection of their own, because the expected answer may be the
 * hub closing it: oversize payloads, wrong topics, floods and a subscriber that stops reading.
 * Each runs once per lab run, alongside the well-behaved devices.
 */

export interface RogueContext {
  brokerUrl: string;
  device: LabDevice;
  credentials?: DeviceCredentials;
  tally: Tally;
  clientIdPrefix: string;
  floodCount: number;
  floodInflight: number;
  freezeMs: number;
  provokeCount: number;
  oversizeBytes: number;
  /** Acks of well-behaved readings so far, to see whether a frozen client hurts others. */
  healthyAcked: () => number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function rogueClient(
  ctx: RogueContext,
  suffix: string,
  report: MisbehaveReport,
): Promise<MqttClient> {
  const client = await connectDevice({
    brokerUrl: ctx.brokerUrl,
    clientId: deviceClientId(
      ctx.credentials,
      `${ctx.clientIdPrefix}${ctx.device.lamppost.id}-${suffix}`,
    ),
    credentials: ctx.credentials,
    reconnect: false,
    // A busy broker may take a while to answer; a rogue that never connects tests nothing.
    connectTimeoutMs: 30_000,
  });
  client.on('close', () => {
    // Only closes we did not ask for count as the broker's answer.
    if (!client.disconnecting) report.disconnects++;
  });
  client.on('error', (e) => report.notes.push(`client error: ${e.message}`));
  return client;
}

/** Publishes and resolves on PUBACK, on close, or after a timeout, whichever comes first. */
function publishOutcome(
  client: MqttClient,
  topic: string,
  payload: string,
  timeoutMs: number,
): Promise<'acked' | 'closed' | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    const onClose = (): void => {
      clearTimeout(timer);
      resolve('closed');
    };
    client.once('close', onClose);
    client.publish(topic, payload, { qos: 1 }, (err) => {
      clearTimeout(timer);
      client.off('close', onClose);
      resolve(err ? 'closed' : 'acked');
    });
  });
}

async function single(mode: 'oversize' | 'wrong-topic', ctx: RogueContext): Promise<void> {
  const report = ctx.tally.report(mode);
  await ctx.device.retire(); // one connection per device: the rogue takes its identity
  const client = await rogueClient(ctx, mode, report);
  const [message] = badMessages(mode, {
    lamppost: ctx.device.lamppost,
    nextSeq: ctx.device.nextSeq,
    now: new Date(),
    oversizeBytes: ctx.oversizeBytes,
  });
  if (!message) return;
  ctx.device.expectBad(mode, message.seq, message.topic);
  report.sent++;
  const outcome = await publishOutcome(client, message.topic, message.payload, 5000);
  if (outcome === 'acked') report.acked++;
  report.notes.push(`publish ${outcome}`);
  await sleep(500); // a broker may close right after acknowledging
  if (client.connected) report.notes.push('connection stayed open');
  await endClient(client);
}

async function flood(ctx: RogueContext): Promise<void> {
  const report = ctx.tally.report('flood');
  await ctx.device.retire(); // one connection per device: the rogue takes its identity
  const client = await rogueClient(ctx, 'flood', report);
  const started = performance.now();
  let next = 0;
  let done = 0;
  let closed = false;
  client.once('close', () => (closed = true));
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (!closed && next < ctx.floodCount && next - done < ctx.floodInflight) {
        next++;
        const [m] = badMessages('flood', {
          lamppost: ctx.device.lamppost,
          nextSeq: ctx.device.nextSeq,
          now: new Date(),
        });
        if (!m) break;
        ctx.device.expectBad('flood', m.seq, m.topic);
        report.sent++;
        client.publish(m.topic, m.payload, { qos: 1 }, (err) => {
          done++;
          if (!err) report.acked++;
          if (done === next && (closed || next >= ctx.floodCount)) resolve();
          else pump();
        });
      }
      if (closed) resolve();
    };
    client.once('close', () => resolve());
    pump();
  });
  const seconds = (performance.now() - started) / 1000;
  report.notes.push(
    `${report.acked}/${report.sent} acked in ${seconds.toFixed(2)} s (${Math.round(report.acked / Math.max(seconds, 1e-3))}/s)${closed ? ', connection closed by broker' : ''}`,
  );
  await endClient(client);
}

/**
 * A device that stops reading while it keeps provoking replies. It is the device's own connection
 * that freezes: the hub allows one connection per device (client id = username), and a device
 * hears only its own replies. Others must go on being served meanwhile.
 */
async function frozenSubscriber(ctx: RogueContext): Promise<void> {
  const report = ctx.tally.report('frozen-subscriber');
  const client = ctx.device.client;
  let closedByBroker = false;
  client.once('close', () => (closedByBroker = true));
  ctx.device.freezeReading();
  const ackedBefore = ctx.healthyAcked();
  const started = Date.now();
  let provoked = 0;
  while (Date.now() - started < ctx.freezeMs) {
    const batch = Math.min(20, ctx.provokeCount - provoked);
    for (let i = 0; i < batch; i++) {
      ctx.device.publishBad(
        'frozen-subscriber',
        badMessages('frozen-subscriber', {
          lamppost: ctx.device.lamppost,
          nextSeq: ctx.device.nextSeq,
          now: new Date(),
        }),
      );
    }
    provoked += batch;
    await sleep(100);
  }
  const othersAcked = ctx.healthyAcked() - ackedBefore;
  // Read again: the replies the hub queued meanwhile arrive now, unless it gave up on us.
  ctx.device.thawReading();
  await sleep(2000);
  report.notes.push(
    `frozen ${ctx.freezeMs} ms with ${provoked} provoking messages; broker closed frozen client: ${closedByBroker ? 'yes' : 'no'}; other devices acked ${othersAcked} readings meanwhile`,
  );
}

export async function runRogue(mode: MisbehaveMode, ctx: RogueContext): Promise<void> {
  try {
    switch (mode) {
      case 'oversize':
      case 'wrong-topic':
        return await single(mode, ctx);
      case 'flood':
        return await flood(ctx);
      case 'frozen-subscriber':
        return await frozenSubscriber(ctx);
      default:
        return;
    }
  } catch (error) {
    ctx.tally.report(mode).notes.push(`failed: ${(error as Error).message}`);
  }
}
