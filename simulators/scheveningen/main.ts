#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { loadCredentials } from '../shared/credentials.js';
import { parseDuration } from '../shared/duration.js';
import { parseKinds } from '../shared/topics.js';
import { formatLabSummary } from './format.js';
import { parseMisbehaveModes } from './misbehave.js';
import { runLab, type RunLabOptions } from './run-lab.js';

const int = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('expected a non-negative integer');
  return n;
};
const positive = (v: string): number => {
  const n = Number(v);
  if (!(n > 0)) throw new InvalidArgumentError('expected a positive number');
  return n;
};
const wrap =
  <T>(parse: (v: string) => T) =>
  (v: string): T => {
    try {
      return parse(v);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  };

const program = new Command('simulate')
  .description('Scheveningen living lab: lampposts along the boulevard publishing to an MQTT hub')
  .option('--broker <url>', 'MQTT broker URL', 'mqtt://127.0.0.1:1883')
  .option('--lab <id>', 'lab id in the topics', 'scheveningen')
  .option('--lampposts <n>', 'number of lampposts', int, 40)
  .option('--seed <n>', 'random seed (same seed, same readings)', int, 1)
  .option('--start <iso>', 'simulated start instant (default now), e.g. 2026-07-04T06:00:00+02:00')
  .option(
    '--speed <x>',
    'simulated seconds per real second (144 = a day in 10 minutes)',
    positive,
    1,
  )
  .option('--duration <dur>', 'stop after this real time, e.g. 90s, 10m', wrap(parseDuration))
  .option('--sim-duration <dur>', 'stop after this simulated time, e.g. 24h', wrap(parseDuration))
  .option('--kinds <list>', 'comma-separated kinds or "all"', wrap(parseKinds), parseKinds('all'))
  .option(
    '--credentials <file>',
    'JSON credentials: {"<lamppost>": {"username","password"}} or provision outputs',
  )
  .option(
    '--misbehave <modes>',
    'comma-separated misbehave modes or "all"',
    wrap(parseMisbehaveModes),
  )
  .option(
    '--misbehave-every <dur>',
    'real time between bad messages of the simple modes',
    wrap(parseDuration),
    5,
  )
  .option('--sample-rate <hz>', 'sound sample rate', int, 32000)
  .option('--chunk <dur>', 'sound chunk length, e.g. 1s, 500ms', wrap(parseDuration), 1)
  .option('--frame <WxH>', 'camera frame size', '160x120')
  .option(
    '--min-interval <dur>',
    'minimum real time between readings of one kind per lamppost (default 1s; camera 5s, sound 2s)',
    wrap(parseDuration),
  )
  .addOption(
    new Option('--timestamps <clock>', 'observedAt from the wall clock or simulated time')
      .choices(['wall', 'sim'])
      .default('wall'),
  )
  .addOption(new Option('--qos <n>', 'QoS for readings').choices(['0', '1']).default('1'))
  .option('--json', 'print the summary as one JSON object on the last line')
  .option('--no-progress', 'no progress line');

interface Flags {
  broker: string;
  lab: string;
  lampposts: number;
  seed: number;
  start?: string;
  speed: number;
  duration?: number;
  simDuration?: number;
  kinds: RunLabOptions['kinds'];
  credentials?: string;
  misbehave?: RunLabOptions['misbehave'];
  misbehaveEvery: number;
  sampleRate: number;
  chunk: number;
  frame: string;
  minInterval?: number;
  timestamps: 'wall' | 'sim';
  qos: '0' | '1';
  json?: boolean;
  progress: boolean;
}

async function main(): Promise<void> {
  program.parse();
  const f = program.opts<Flags>();
  const start = f.start ? new Date(f.start) : new Date();
  if (Number.isNaN(start.getTime()))
    throw new Error(`--start: not an ISO-8601 instant: ${f.start}`);
  const frame = /^(\d+)x(\d+)$/.exec(f.frame);
  if (!frame) throw new Error('--frame: expected WxH, e.g. 160x120');
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());

  const bar = f.progress
    ? new cliProgress.SingleBar(
        {
          format:
            '{bar} {percentage}% | sim {sim} | sent {sent} acked {acked} rejected {rejected} inflight {inflight} | {connected} devices',
          stream: process.stderr,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(1000, 0, {
    sim: start.toISOString(),
    sent: 0,
    acked: 0,
    rejected: 0,
    inflight: 0,
    connected: 0,
  });

  const summary = await runLab({
    brokerUrl: f.broker,
    lab: f.lab,
    lampposts: f.lampposts,
    seed: f.seed,
    start,
    speed: f.speed,
    durationSec: f.duration,
    durationSimSec: f.simDuration,
    kinds: f.kinds,
    credentials: f.credentials ? await loadCredentials(f.credentials) : undefined,
    misbehave: f.misbehave,
    misbehaveEverySec: f.misbehaveEvery,
    sampleRate: f.sampleRate,
    chunkMs: Math.round(f.chunk * 1000),
    frameWidth: Number(frame[1]),
    frameHeight: Number(frame[2]),
    minRealIntervalMs: f.minInterval === undefined ? undefined : Math.round(f.minInterval * 1000),
    timestamps: f.timestamps,
    qos: f.qos === '0' ? 0 : 1,
    signal: controller.signal,
    onProgress: (p) =>
      bar?.update(p.fraction === null ? 0 : Math.round(p.fraction * 1000), {
        sim: p.simTime.toISOString().slice(0, 19),
        sent: p.sent,
        acked: p.acked,
        rejected: p.rejected,
        inflight: p.inflight,
        connected: p.connected,
      }),
  });
  bar?.stop();
  process.stdout.write(`${formatLabSummary(summary)}\n`);
  if (f.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (summary.devices.connected === 0 && summary.devices.failed > 0) {
    // Nothing was simulated: say so in the exit code too (the reason is in the errors above).
    process.stderr.write('simulate: no lamppost could connect; see the errors above\n');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`simulate: ${(error as Error).message}\n`);
  process.exit(1);
});
