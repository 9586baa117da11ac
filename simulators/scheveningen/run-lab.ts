import type { CredentialMap } from '../shared/credentials.js';
import { endClient } from '../shared/mqtt-connect.js';
import { hashSeed } from '../shared/prng.js';
import { SENSOR_KINDS, type SensorKind } from '@hub/contracts';
import { LabDevice } from './device.js';
import { DEFAULT_GENERATOR_OPTIONS, type GeneratorOptions } from './generators/index.js';
import { createScheveningenLab, type Lamppost } from './lab.js';
import {
  badMessages,
  EXPECTED_OUTCOME,
  SEPARATE_CONNECTION_MODES,
  type MisbehaveMode,
} from './misbehave.js';
import { encodeReading, readingsAt } from './readings.js';
import { runRogue } from './rogues.js';
import { Tally, type KindCount, type MisbehaveReport } from './tally.js';

/** Simulated seconds between readings of each kind at one lamppost. */
export const DEFAULT_INTERVALS_SEC: Record<SensorKind, number> = {
  temperature: 60,
  air: 60,
  radio: 60,
  motion: 10,
  camera: 10,
  sound: 15,
};

/** Real-time floors per kind: JPEG encoding and PCM synthesis cost milliseconds each. */
export const DEFAULT_MIN_REAL_INTERVAL_MS: Record<SensorKind, number> = {
  temperature: 1000,
  air: 1000,
  radio: 1000,
  motion: 1000,
  camera: 5000,
  sound: 2000,
};

export interface RunLabOptions {
  brokerUrl: string;
  lab?: string;
  /** How many lampposts (default 40), or an explicit list from createScheveningenLab. */
  lampposts?: number | Lamppost[];
  seed?: number;
  /** Simulated start instant (default: now). */
  start?: Date;
  /** Simulated seconds per real second (default 1; 144 replays a day in 10 minutes). */
  speed?: number;
  /** Stop after this much simulated time ... */
  durationSimSec?: number;
  /** ... or this much real time, whichever comes first. Without either: until `signal` aborts. */
  durationSec?: number;
  kinds?: SensorKind[];
  credentials?: CredentialMap;
  misbehave?: MisbehaveMode[];
  /** Per-kind simulated interval overrides. */
  intervalsSec?: Partial<Record<SensorKind, number>>;
  /**
   * Floor on the real time between readings of one kind at one lamppost, so high speeds do not
   * melt the machine: one number for all kinds or per kind (defaults: DEFAULT_MIN_REAL_INTERVAL_MS).
   */
  minRealIntervalMs?: number | Partial<Record<SensorKind, number>>;
  sampleRate?: number;
  chunkMs?: number;
  frameWidth?: number;
  frameHeight?: number;
  /** observedAt from the wall clock (default, passes the hub's staleness check) or sim time. */
  timestamps?: 'wall' | 'sim';
  /** First seq minus one (default: Date.now(), so reruns keep increasing). */
  seqStart?: number;
  /** Real seconds between injections of the own-connection misbehave modes (default 5). */
  misbehaveEverySec?: number;
  floodCount?: number;
  freezeMs?: number;
  oversizeBytes?: number;
  qos?: 0 | 1;
  clientIdPrefix?: string;
  onProgress?: (progress: LabProgress) => void;
  progressEveryMs?: number;
  signal?: AbortSignal;
  /** How long to wait after the last publish for acks and late rejections (default 1500 ms). */
  settleMs?: number;
}

export interface LabProgress {
  simTime: Date;
  elapsedSec: number;
  /** 0..1 when a duration is set, otherwise null. */
  fraction: number | null;
  sent: number;
  acked: number;
  rejected: number;
  inflight: number;
  connected: number;
}

export interface LabSummary {
  perKind: Record<SensorKind, KindCount>;
  rejectedCodes: Record<string, number>;
  misbehave: Partial<Record<MisbehaveMode, MisbehaveReport>>;
  devices: { connected: number; failed: number };
  simStart: string;
  simEnd: string;
  realSec: number;
  errors: string[];
}

interface Series {
  device: LabDevice;
  kind: SensorKind;
  nextSimMs: number;
  intervalMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function connectAll(
  opts: RunLabOptions,
  lampposts: Lamppost[],
  kinds: SensorKind[],
  tally: Tally,
  seqStart: number,
): Promise<{ devices: LabDevice[]; failed: number }> {
  const devices: LabDevice[] = [];
  let failed = 0;
  const batch = 10; // do not stampede the broker's CONNECT handling
  // Misbehave modes that publish on a kind the lab may not be sending need its rejected topic too.
  // The hub grants reply topics of known kinds only, so an unknown kind's reply (`weather`) is
  // heard through `+/rejected`, which then covers every kind on its own (no overlapping filters).
  const subscribeKinds = new Set<string>(opts.misbehave?.includes('unknown-kind') ? ['+'] : kinds);
  if (opts.misbehave?.includes('raw-media') && !subscribeKinds.has('+'))
    subscribeKinds.add('motion');
  for (let i = 0; i < lampposts.length; i += batch) {
    const results = await Promise.allSettled(
      lampposts.slice(i, i + batch).map((lamppost) =>
        LabDevice.connect({
          brokerUrl: opts.brokerUrl,
          lamppost,
          credentials: opts.credentials?.get(lamppost.id),
          tally,
          seqStart,
          kinds: [...subscribeKinds],
          clientIdPrefix: opts.clientIdPrefix ?? 'lab-',
        }),
      ),
    );
    for (const r of results) {
      if (r.status === 'fulfilled') devices.push(r.value);
      else {
        failed++;
        tally.error(`connect: ${(r.reason as Error).message}`);
      }
    }
  }
  return { devices, failed };
}

/**
 * Runs the living lab against a broker: every lamppost connects as its own device and publishes
 * each kind on its schedule in simulated time; optional misbehaving devices run alongside.
 */
export async function runLab(opts: RunLabOptions): Promise<LabSummary> {
  const speed = opts.speed ?? 1;
  if (!(speed > 0)) throw new RangeError('speed must be > 0');
  const kinds = opts.kinds ?? [...SENSOR_KINDS];
  const seed = opts.seed ?? 1;
  const simStart = opts.start ?? new Date();
  const lampposts = Array.isArray(opts.lampposts)
    ? opts.lampposts
    : createScheveningenLab({
        seed,
        lab: opts.lab,
        lampposts: opts.lampposts,
        start: simStart,
        ids: opts.credentials ? [...opts.credentials.keys()] : undefined,
        topicPrefixes: opts.credentials
          ? new Map(
              [...opts.credentials].flatMap(([id, c]) =>
                c.topicPrefix ? [[id, c.topicPrefix] as const] : [],
              ),
            )
          : undefined,
      }).lampposts;
  const modes = opts.misbehave ?? [];
  const tally = new Tally(modes);
  const seqStart = opts.seqStart ?? Date.now();
  const genBase = {
    ...DEFAULT_GENERATOR_OPTIONS,
    ...(opts.sampleRate ? { sampleRate: opts.sampleRate } : {}),
    ...(opts.chunkMs ? { chunkMs: opts.chunkMs } : {}),
    ...(opts.frameWidth ? { frameWidth: opts.frameWidth } : {}),
    ...(opts.frameHeight ? { frameHeight: opts.frameHeight } : {}),
  };
  const qos = opts.qos ?? 1;
  const minRealMs = (kind: SensorKind): number =>
    typeof opts.minRealIntervalMs === 'number'
      ? opts.minRealIntervalMs
      : (opts.minRealIntervalMs?.[kind] ?? DEFAULT_MIN_REAL_INTERVAL_MS[kind]);

  const { devices, failed } = await connectAll(opts, lampposts, kinds, tally, seqStart);
  const realStart = performance.now();
  const simStartMs = simStart.getTime();
  const simEndMs =
    opts.durationSimSec !== undefined ? simStartMs + opts.durationSimSec * 1000 : Infinity;
  const realEndMs = opts.durationSec !== undefined ? opts.durationSec * 1000 : Infinity;
  const simNow = (): number => simStartMs + (performance.now() - realStart) * speed;

  const series: Series[] = devices.flatMap((device) =>
    kinds.map((kind) => {
      const intervalMs = Math.max(
        (opts.intervalsSec?.[kind] ?? DEFAULT_INTERVALS_SEC[kind]) * 1000,
        speed * minRealMs(kind),
      );
      // Spread lampposts over the interval so they do not all report on the same tick.
      const phase = hashSeed(device.lamppost.seed, kind, 'phase') % intervalMs;
      return { device, kind, intervalMs, nextSimMs: simStartMs + phase };
    }),
  );
  const options = new Map<SensorKind, GeneratorOptions>(
    kinds.map((k) => [
      k,
      { ...genBase, intervalSec: (series.find((s) => s.kind === k)?.intervalMs ?? 0) / 1000 },
    ]),
  );

  const ownModes = modes.filter((m) => !SEPARATE_CONNECTION_MODES.has(m));
  const deviceFor = (mode: MisbehaveMode): LabDevice | undefined =>
    devices.length ? devices[modes.indexOf(mode) % devices.length] : undefined;
  const injectOwn = (): void => {
    for (const mode of ownModes) {
      const device = deviceFor(mode);
      if (!device) continue;
      device.publishBad(
        mode,
        badMessages(mode, { lamppost: device.lamppost, nextSeq: device.nextSeq, now: new Date() }),
      );
    }
  };
  const rogues = modes
    .filter((m) => SEPARATE_CONNECTION_MODES.has(m))
    .flatMap((mode) => {
      const device = deviceFor(mode);
      if (!device) return [];
      return [
        runRogue(mode, {
          brokerUrl: opts.brokerUrl,
          device,
          credentials: opts.credentials?.get(device.lamppost.id),
          tally,
          clientIdPrefix: opts.clientIdPrefix ?? 'lab-',
          floodCount: opts.floodCount ?? 2000,
          floodInflight: 100,
          freezeMs: opts.freezeMs ?? 5000,
          // Below the hub's bad-sender disconnect (100 refusals a minute): the frozen device is
          // the provoker too (one connection per device) and must stay to hear its refusals.
          provokeCount: 60,
          oversizeBytes: opts.oversizeBytes ?? 4 * 1024 * 1024,
          healthyAcked: () => tally.totals().acked,
        }),
      ];
    });

  const progress = (): LabProgress => {
    const elapsedSec = (performance.now() - realStart) / 1000;
    const simFraction = Number.isFinite(simEndMs)
      ? (simNow() - simStartMs) / (simEndMs - simStartMs)
      : null;
    const realFraction = Number.isFinite(realEndMs) ? (elapsedSec * 1000) / realEndMs : null;
    const fraction =
      simFraction === null
        ? realFraction
        : realFraction === null
          ? simFraction
          : Math.max(simFraction, realFraction);
    const t = tally.totals();
    return {
      simTime: new Date(Math.min(simNow(), simEndMs)),
      elapsedSec,
      fraction: fraction === null ? null : Math.min(1, fraction),
      sent: t.sent,
      acked: t.acked,
      rejected: t.rejected,
      inflight: devices.reduce((s, d) => s + d.inflight, 0),
      connected: devices.filter((d) => d.client.connected).length,
    };
  };

  const tickMs = 25;
  let lastProgress = 0;
  let lastMisbehave = -Infinity;
  const misbehaveEveryMs = (opts.misbehaveEverySec ?? 5) * 1000;
  while (!opts.signal?.aborted) {
    const realElapsed = performance.now() - realStart;
    if (realElapsed >= realEndMs) break;
    // Readings due up to the simulated end are still sent on the last pass.
    const now = Math.min(simNow(), simEndMs);
    for (const s of series) {
      while (s.nextSimMs <= now && s.nextSimMs < simEndMs) {
        const simTime = new Date(s.nextSimMs);
        const observedAt = (opts.timestamps === 'sim' ? simTime : new Date()).toISOString();
        for (const body of readingsAt(
          s.device.lamppost,
          s.kind,
          simTime,
          options.get(s.kind) as GeneratorOptions,
        )) {
          s.device.publishReading(
            s.kind,
            encodeReading({ seq: s.device.nextSeq(), observedAt }, body),
            qos,
          );
        }
        s.nextSimMs += s.intervalMs;
      }
    }
    if (ownModes.length && realElapsed - lastMisbehave >= misbehaveEveryMs) {
      lastMisbehave = realElapsed;
      injectOwn();
    }
    if (opts.onProgress && realElapsed - lastProgress >= (opts.progressEveryMs ?? 1000)) {
      lastProgress = realElapsed;
      opts.onProgress(progress());
    }
    if (now >= simEndMs) break;
    await sleep(tickMs);
  }
  const simEnd = new Date(Math.min(simNow(), simEndMs));

  // Settle: outstanding acks first (bounded), then a grace period for late rejections.
  const settleMs = opts.settleMs ?? 1500;
  const ackDeadline = performance.now() + Math.max(settleMs, 10_000);
  while (
    devices.some((d) => d.inflight > 0 && d.client.connected) &&
    performance.now() < ackDeadline
  )
    await sleep(50);
  // Own-connection modes the hub answers one for one (a single expected code): wait for every
  // answer within the same bound, so a slow machine does not cut the count short.
  const oneForOne = ownModes.filter((m) => /^[A-Z_]+$/.test(EXPECTED_OUTCOME[m]));
  const unanswered = (): boolean =>
    oneForOne.some((m) => {
      const r = tally.misbehave.get(m);
      return r !== undefined && Object.values(r.rejections).reduce((a, b) => a + b, 0) < r.sent;
    });
  while (unanswered() && performance.now() < ackDeadline) await sleep(50);
  await Promise.all(rogues);
  await sleep(settleMs);
  opts.onProgress?.(progress());
  await Promise.all(devices.map((d) => endClient(d.client)));

  return {
    perKind: Object.fromEntries(kinds.map((k) => [k, { ...tally.perKind[k] }])) as Record<
      SensorKind,
      KindCount
    >,
    rejectedCodes: { ...tally.rejectedCodes },
    misbehave: Object.fromEntries(tally.misbehave),
    devices: { connected: devices.length, failed },
    simStart: simStart.toISOString(),
    simEnd: simEnd.toISOString(),
    realSec: Math.round((performance.now() - realStart) / 100) / 10,
    errors: [...tally.errors],
  };
}
