// Privacy-core throughput on one thread. Last printed line: one JSON object (see docs/privacy-rules.md).
import { readFileSync } from 'node:fs';
import {
  createKeyring,
  createPrivacyFilter,
  DEFAULT_RULE_SET_FILE,
  loadRuleSet,
  pseudonymise,
  seededRandom,
  type RuleSet,
} from '../src/index.js';
import { measureIngestWithFilter } from './ingest-with-filter.js';

const FS = 48_000;
const DEVICE = { lab: 'scheveningen', lamppost: 'lp-bench' };

/** Run `work` repeatedly for at least `minMs`; returns units done per CPU second and per wall second. */
function measure(
  minMs: number,
  work: () => number,
): { perCpuSecond: number; perWallSecond: number } {
  for (let i = 0; i < 3; i++) work(); // warm-up: let V8 optimise the hot loops
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let units = 0;
  let elapsed = 0;
  while (elapsed < minMs) {
    units += work();
    elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { perCpuSecond: units / cpuSeconds, perWallSecond: units / (elapsed / 1000) };
}

function pcmChunk(seconds: number, seed: number): string {
  const random = seededRandom(seed);
  const samples = new Int16Array(Math.round(FS * seconds));
  for (let i = 0; i < samples.length; i++) {
    // Street-like mix: a 1 kHz tone plus broadband noise.
    samples[i] = Math.round(
      3000 * Math.sin((2 * Math.PI * 1000 * i) / FS) + 2000 * (random() - 0.5),
    );
  }
  return Buffer.from(samples.buffer).toString('base64');
}

/** A filter whose clock is the simulated time `t` that each benchmark advances. */
function newFilter(rules: RuleSet) {
  const time = { t: Date.parse('2026-07-01T00:00:00Z') };
  const filter = createPrivacyFilter({
    ruleSets: [rules],
    keyring: createKeyring(),
    clock: () => time.t,
    maxFutureSkewMs: 5 * 60_000,
    random: seededRandom(1),
  });
  return { filter, time };
}

function audioFactor(rules: RuleSet): number {
  const { filter, time } = newFilter(rules);
  const chunks = Array.from({ length: 4 }, (_, i) => pcmChunk(1, i + 1));
  let seq = 0;
  const r = measure(1500, () => {
    for (const pcm of chunks) {
      const out = filter.process(DEVICE, 'sound', {
        seq: seq++,
        observedAt: new Date(time.t).toISOString(),
        sampleRate: FS,
        pcm,
      });
      if (out.kind !== 'emit') throw new Error(out.message);
      time.t += 1000;
    }
    return chunks.length; // seconds of audio
  });
  return r.perCpuSecond;
}

function detectionsPerSec(rules: RuleSet): number {
  const { filter, time } = newFilter(rules);
  const classes = ['person', 'bicycle', 'car', 'scooter', 'bus', 'truck'];
  const messages = Array.from({ length: 50 }, (_, m) => ({
    frame: 'AAAA',
    detections: Array.from({ length: 20 }, (_, d) => ({
      class: classes[(m + d) % classes.length],
      bbox: [d * 10, d * 5, 40, 80] as [number, number, number, number],
      confidence: 0.5 + ((d * 7) % 50) / 100,
      trackId: m * 20 + d,
      direction: d % 2 === 0 ? 'in' : 'out',
    })),
  }));
  let seq = 0;
  return measure(1500, () => {
    let n = 0;
    for (const m of messages) {
      const out = filter.process(DEVICE, 'camera', {
        seq: seq++,
        observedAt: new Date(time.t).toISOString(),
        ...m,
      });
      if (out.kind !== 'emit') throw new Error(out.message);
      n += m.detections.length;
      time.t += 100;
    }
    return n;
  }).perCpuSecond;
}

function macs(count: number, offset: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const v = (offset + i).toString(16).padStart(12, '0');
    return v.match(/../g)?.join(':') ?? v;
  });
}

function pseudonymsPerSec(): number {
  const keyring = createKeyring();
  const ids = macs(10_000, 0);
  const now = Date.parse('2026-07-01T00:00:00Z');
  return measure(1500, () => {
    for (const id of ids) pseudonymise(keyring, id, now, 16);
    return ids.length;
  }).perCpuSecond;
}

function radioIdentifiersPerSec(rules: RuleSet): number {
  const { filter, time } = newFilter(rules);
  let seq = 0;
  let offset = 0;
  const batches = Array.from({ length: 20 }, () => macs(500, (offset += 500)));
  return measure(1500, () => {
    let n = 0;
    for (const identifiers of batches) {
      const out = filter.process(DEVICE, 'radio', {
        seq: seq++,
        observedAt: new Date(time.t).toISOString(),
        technology: 'wifi',
        identifiers,
      });
      if (out.kind !== 'emit') throw new Error(out.message);
      n += identifiers.length;
      time.t += 1000;
    }
    return n;
  }).perCpuSecond;
}

const rules = loadRuleSet(readFileSync(DEFAULT_RULE_SET_FILE, 'utf8'));
const withBands = loadRuleSet(
  JSON.stringify({
    ...rules,
    kinds: { ...rules.kinds, sound: { ...rules.kinds.sound, octaveBands: true } },
  }),
);
const round = (x: number) => Math.round(x);
const result = {
  audioRealtimeFactor: round(audioFactor(rules)),
  audioWithOctaveBandsRealtimeFactor: round(audioFactor(withBands)),
  detectionsPerSec: round(detectionsPerSec(rules)),
  pseudonymsPerSec: round(pseudonymsPerSec()),
  radioIdentifiersPerSec: round(radioIdentifiersPerSec(rules)),
  ...(await measureIngestWithFilter()),
  notes:
    'filters: per CPU second of one thread; ingest: messages/s through the ingest use case with a durable SQLite append (256 at a time), mixed Scheveningen traffic (sound on the audio worker, and on the main thread) vs temperature only, medians of 3 alternated runs; temperature p50/p99: each temperature message from call to stored, all runs of a kind pooled',
};
console.log(
  `audio: ${result.audioRealtimeFactor}x realtime (48 kHz), with octave bands ${result.audioWithOctaveBandsRealtimeFactor}x`,
);
console.log(
  `camera: ${result.detectionsPerSec} detections/s; radio: ${result.pseudonymsPerSec} pseudonyms/s (${result.radioIdentifiersPerSec} via filter)`,
);
console.log(
  `ingest: mixed ${result.mixedMsgsPerSec} msgs/s vs temperature ${result.temperatureMsgsPerSec} msgs/s: ratio ${result.ingestWithFilterRatio} (sound on the main thread: ${result.mixedMsgsPerSecAudioOnMain} msgs/s, ratio ${result.ingestWithFilterRatioAudioOnMain})`,
);
console.log(
  `temperature p50/p99 ms: alone ${result.temperatureP50MsAlone}/${result.temperatureP99MsAlone}, in the mix ${result.temperatureP50MsInMix}/${result.temperatureP99MsInMix}, in the mix with sound on the main thread ${result.temperatureP50MsInMixAudioOnMain}/${result.temperatureP99MsInMixAudioOnMain}`,
);
console.log(JSON.stringify(result));
