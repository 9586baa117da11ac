#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { loadCredentials } from '../shared/credentials.js';
import { parseDuration } from '../shared/duration.js';
import { isSensorKind, SENSOR_KINDS, type SensorKind } from '@hub/contracts';
import { runLoad, type LoadResult } from './run-load.js';

const int = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('expected a non-negative integer');
  return n;
};

const program = new Command('load')
  .description('MQTT load generator: many devices at a target rate; PUBACK latency percentiles')
  .option('--broker <url>', 'MQTT broker URL (the hub or e.g. mosquitto)', 'mqtt://127.0.0.1:1883')
  .option('--devices <n>', 'concurrent clients', int, 10)
  .option(
    '--rate <msgs/s>',
    'target messages per second over all devices; 0 = as fast as possible',
    int,
    1000,
  )
  .option('--max', 'as fast as possible (same as --rate 0)')
  .option('--inflight <n>', 'max unacknowledged messages per client', int, 100)
  .addOption(new Option('--qos <n>', 'QoS').choices(['0', '1', '2']).default('1'))
  .addOption(
    new Option('--kind <kind>', 'payload kind').choices([...SENSOR_KINDS]).default('temperature'),
  )
  .option(
    '--duration <dur>',
    'sending time, e.g. 10, 30s, 2m',
    (v: string) => {
      try {
        return parseDuration(v);
      } catch (e) {
        throw new InvalidArgumentError((e as Error).message);
      }
    },
    10,
  )
  .option('--lab <id>', 'lab id in the topics', 'load')
  .option('--username <name>', 'one account for every client')
  .option('--password <secret>', 'password for --username')
  .option('--credentials <file>', 'per-device accounts (same format as the simulator)')
  .option('--json', 'print one JSON object as the last line')
  .option('--no-progress', 'no progress line');

interface Flags {
  broker: string;
  devices: number;
  rate: number;
  max?: boolean;
  inflight: number;
  qos: '0' | '1' | '2';
  kind: string;
  duration: number;
  lab: string;
  username?: string;
  password?: string;
  credentials?: string;
  json?: boolean;
  progress: boolean;
}

function human(r: LoadResult): string {
  return [
    `broker ${r.broker}: ${r.devices} devices, QoS ${r.qos}, ${r.kind}, ${r.mode === 'max' ? 'as fast as possible' : `target ${r.targetRate}/s`}`,
    `sent ${r.sent}, acked ${r.acked}, achieved ${r.achievedRate} msgs/s over ${r.durationSec} s${r.skipped ? `, skipped ${r.skipped} (client saturated)` : ''}`,
    `ack latency ms: p50 ${r.p50Ms}  p90 ${r.p90Ms}  p99 ${r.p99Ms}  max ${r.maxMs}  mean ${r.meanMs}`,
    `errors ${r.errors}${r.errorMessages.length ? `: ${r.errorMessages.join('; ')}` : ''}`,
  ].join('\n');
}

async function main(): Promise<void> {
  program.parse();
  const f = program.opts<Flags>();
  if (!isSensorKind(f.kind)) throw new Error(`unknown kind ${f.kind}`);
  const kind: SensorKind = f.kind;
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const bar = f.progress
    ? new cliProgress.SingleBar(
        {
          format:
            '{bar} {percentage}% | sent {sent} acked {acked} | {rate} msgs/s | inflight {inflight}',
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(Math.round(f.duration * 10), 0, { sent: 0, acked: 0, rate: 0, inflight: 0 });
  const result = await runLoad({
    brokerUrl: f.broker,
    devices: f.devices,
    rate: f.rate,
    max: f.max,
    inflight: f.inflight,
    qos: Number(f.qos) as 0 | 1 | 2,
    kind,
    durationSec: f.duration,
    lab: f.lab,
    username: f.username,
    password: f.password,
    credentials: f.credentials ? await loadCredentials(f.credentials) : undefined,
    signal: controller.signal,
    onProgress: (p) =>
      bar?.update(Math.round(p.elapsedSec * 10), {
        sent: p.sent,
        acked: p.acked,
        rate: p.currentRate,
        inflight: p.inflight,
      }),
  });
  bar?.update(Math.round(f.duration * 10));
  bar?.stop();
  process.stdout.write(`${human(result)}\n`);
  if (f.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  if (result.acked === 0) process.exitCode = 2;
}

main().catch((error: unknown) => {
  process.stderr.write(`load: ${(error as Error).message}\n`);
  process.exit(1);
});
