import { rngFor, type Rng } from '../../shared/prng.js';
import { activity, beachSeason, localTime } from '../clock.js';
import type { Lamppost } from '../lab.js';
import type { SoundBody } from '../payloads.js';
import { seaState, traffic, windMs } from '../weather.js';
import type { GeneratorOptions } from './types.js';

/**
 * Raw microphone chunks. Each source is synthesised with unit RMS and scaled to its level in
 * dB SPL through the microphone calibration: `dBFS = dB SPL - 94 + CALIBRATION_DBFS_AT_94`, with
 * dBFS after AES17 (a full-scale sine is 0 dBFS: dBFS = 20·log10(rms·√2 / 32768)), the same
 * convention as the hub's level meter. So 94 dB SPL is -26 dBFS and a full-scale sine 120 dB SPL.
 * The sources are band-limited to where A-weighting is near 0 dB, so the intended dB(A) levels
 * are what an A-weighted meter on the hub should read within a few dB.
 */
export const CALIBRATION_DBFS_AT_94 = -26;

export type LoudEvent = 'horn' | 'scooter' | 'fireworks' | 'shouting';

export interface SoundScene {
  /** Intended levels in dB(A) per source; -Infinity when absent. */
  surfDb: number;
  windDb: number;
  crowdDb: number;
  trafficDb: number;
  event?: { kind: LoudEvent; db: number; startFraction: number; lengthFraction: number };
}

/** Sample RMS (int16 units) for a level in dB SPL. */
export function dbSplToRms(db: number): number {
  return (32768 / Math.SQRT2) * 10 ** ((db - 94 + CALIBRATION_DBFS_AT_94) / 20);
}

/** Level in dB SPL for a sample RMS (int16 units). */
export function rmsToDbSpl(rms: number): number {
  return 20 * Math.log10((rms * Math.SQRT2) / 32768) + 94 - CALIBRATION_DBFS_AT_94;
}

/** Energetic sum of levels in dB. */
export function sumDb(...levels: number[]): number {
  const p = levels.filter(Number.isFinite).reduce((s, l) => s + 10 ** (l / 10), 0);
  return p > 0 ? 10 * Math.log10(p) : -Infinity;
}

/** What is audible at this lamppost at t, and how loud. */
export function soundScene(lamppost: Lamppost, t: Date, rng: Rng, chunkMs: number): SoundScene {
  const sea = seaState(lamppost.labSeed, t);
  const wind = windMs(lamppost.labSeed, t);
  const a = activity(t) * lamppost.footfall;
  const scene: SoundScene = {
    surfDb: 49 + 9 * sea + rng.normal(0, 1),
    windDb: 30 + 2.4 * wind + rng.normal(0, 1.5),
    crowdDb:
      a > 0.01 ? Math.min(72, 45 + 10 * Math.log10(1 + 60 * a) + rng.normal(0, 1.5)) : -Infinity,
    trafficDb: 38 + 18 * traffic(t) * (lamppost.zone === 'pier' ? 0.6 : 1),
  };
  // Loud events per hour: scooters and horns all day, shouting groups on busy evenings, and in
  // summer the Friday fireworks over the pier. Probability that one overlaps this chunk.
  const { hour, weekday } = localTime(t);
  const evening = hour >= 19 || hour < 2 ? 1 : 0;
  const fireworks = beachSeason(t) > 0.6 && weekday === 5 && hour >= 22 && hour < 23 ? 40 : 0;
  const perHour: Array<[LoudEvent, number]> = [
    ['horn', 2 + 4 * traffic(t)],
    ['scooter', 3 + 8 * activity(t)],
    ['shouting', 10 * a * evening],
    ['fireworks', fireworks],
  ];
  const meanLengthS = 2;
  const total = perHour.reduce((s, [, r]) => s + r, 0);
  const p = Math.min(0.9, (total * (meanLengthS + chunkMs / 1000)) / 3600);
  if (rng.chance(p)) {
    const kind = rng.weighted(perHour);
    const db = kind === 'fireworks' ? rng.range(88, 95) : rng.range(80, 92);
    const startFraction = rng.range(0, 0.8);
    scene.event = { kind, db, startFraction, lengthFraction: rng.range(0.15, 1 - startFraction) };
  }
  return scene;
}

/** One-pole filters over white noise; cheap and good enough for background textures. */
function shapedNoise(n: number, rng: Rng, lowpass: number, highpass: number): Float64Array {
  const out = new Float64Array(n);
  let lp = 0;
  let hpPrev = 0;
  let hp = 0;
  for (let i = 0; i < n; i++) {
    lp += lowpass * (rng.normal() - lp);
    hp = highpass * (hp + lp - hpPrev);
    hpPrev = lp;
    out[i] = hp;
  }
  return out;
}

function normalise(x: Float64Array): Float64Array {
  let s = 0;
  for (const v of x) s += v * v;
  const rms = Math.sqrt(s / Math.max(1, x.length));
  if (rms > 0) for (let i = 0; i < x.length; i++) x[i] = (x[i] ?? 0) / rms;
  return x;
}

function modulate(x: Float64Array, envelope: (i: number) => number): Float64Array {
  for (let i = 0; i < x.length; i++) x[i] = (x[i] ?? 0) * envelope(i);
  return x;
}

function eventSignal(kind: LoudEvent, n: number, sampleRate: number, rng: Rng): Float64Array {
  const out = new Float64Array(n);
  const f0 = kind === 'horn' ? rng.range(380, 520) : kind === 'scooter' ? rng.range(90, 160) : 0;
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const time = i / sampleRate;
    switch (kind) {
      case 'horn':
        out[i] = Math.sin(2 * Math.PI * f0 * time) + 0.5 * Math.sin(4 * Math.PI * f0 * time);
        break;
      case 'scooter': {
        phase = (phase + (f0 * (1 + 0.1 * Math.sin(2 * Math.PI * 1.5 * time))) / sampleRate) % 1;
        out[i] = 2 * phase - 1 + 0.3 * rng.normal();
        break;
      }
      case 'fireworks': {
        const burst = (time * 3) % 1; // ~3 bangs per second, each decaying
        out[i] = rng.normal() * Math.exp(-burst * 12);
        break;
      }
      case 'shouting':
        out[i] =
          (Math.sin(2 * Math.PI * 300 * time) + 0.6 * rng.normal()) *
          Math.abs(Math.sin(2 * Math.PI * 2.5 * time));
        break;
    }
  }
  return out;
}

/** Renders a scene into int16 samples starting at absolute time t (modulations stay continuous). */
export function renderScene(
  scene: SoundScene,
  t: Date,
  rng: Rng,
  options: GeneratorOptions,
): Int16Array {
  const { sampleRate } = options;
  const n = Math.max(1, Math.round((sampleRate * options.chunkMs) / 1000));
  const t0 = t.getTime() / 1000;
  const mix = new Float64Array(n);
  const add = (signal: Float64Array, db: number): void => {
    if (!Number.isFinite(db)) return;
    const amp = dbSplToRms(db);
    for (let i = 0; i < n; i++) mix[i] = (mix[i] ?? 0) + (signal[i] ?? 0) * amp;
  };
  // Surf: low rumble swelling with the wave period (~9 s) on the beach.
  const surf = shapedNoise(n, rng, 0.08, 0.995);
  add(
    normalise(
      modulate(surf, (i) => 0.55 + 0.45 * Math.sin((2 * Math.PI * (t0 + i / sampleRate)) / 9) ** 2),
    ),
    scene.surfDb,
  );
  // Wind on the microphone windscreen: broadband with gusts of a few seconds.
  const wind = shapedNoise(n, rng, 0.3, 0.98);
  add(
    normalise(
      modulate(wind, (i) => 0.6 + 0.4 * Math.sin((2 * Math.PI * (t0 + i / sampleRate)) / 3.7)),
    ),
    scene.windDb,
  );
  // Crowd babble: speech-band noise with syllable-rate (~4 Hz) modulation.
  if (Number.isFinite(scene.crowdDb)) {
    const crowd = shapedNoise(n, rng, 0.35, 0.9);
    const phi = rng.range(0, 2 * Math.PI);
    add(
      normalise(
        modulate(
          crowd,
          (i) => 0.5 + 0.5 * Math.abs(Math.sin(phi + 2 * Math.PI * 4.2 * (i / sampleRate))),
        ),
      ),
      scene.crowdDb,
    );
  }
  add(normalise(shapedNoise(n, rng, 0.12, 0.99)), scene.trafficDb);
  if (scene.event) {
    const start = Math.floor(scene.event.startFraction * n);
    const len = Math.max(1, Math.floor(scene.event.lengthFraction * n));
    const burst = normalise(eventSignal(scene.event.kind, len, sampleRate, rng));
    const padded = new Float64Array(n);
    padded.set(burst.subarray(0, Math.min(len, n - start)), start);
    add(padded, scene.event.db);
  }
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(mix[i] ?? 0)));
  return out;
}

export function pcmToBase64(samples: Int16Array): string {
  const buf = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) buf.writeInt16LE(samples[i] ?? 0, i * 2);
  return buf.toString('base64');
}

export function base64ToPcm(b64: string): Int16Array {
  const buf = Buffer.from(b64, 'base64');
  const out = new Int16Array(Math.floor(buf.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = buf.readInt16LE(i * 2);
  return out;
}

export function sound(
  lamppost: Lamppost,
  t: Date,
  rng: Rng,
  options: GeneratorOptions,
): SoundBody[] {
  const scene = soundScene(lamppost, t, rng, options.chunkMs);
  // Samples come from a separate stream so scene decisions do not depend on the chunk length.
  const samples = renderScene(scene, t, rngFor(lamppost.seed, 'pcm', t.getTime()), options);
  return [
    {
      sampleRate: options.sampleRate,
      pcm: pcmToBase64(samples),
      calibrationDbfsAt94: CALIBRATION_DBFS_AT_94,
    },
  ];
}
