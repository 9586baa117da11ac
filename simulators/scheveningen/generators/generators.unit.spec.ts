import { describe, expect, test } from '@jest/globals';
import jpeg from 'jpeg-js';
import { Rng, rngFor } from '../../shared/prng.js';
import { SENSOR_KINDS } from '@hub/contracts';
import { createScheveningenLab } from '../lab.js';
import type { RadioBody, SoundBody } from '../payloads.js';
import { readingsAt } from '../readings.js';
import { arrivalsBetween } from './passers.js';
import { isLocallyAdministered } from './radio.js';
import { base64ToPcm, dbSplToRms, rmsToDbSpl, soundScene } from './sound.js';
import { DEFAULT_GENERATOR_OPTIONS, type GeneratorOptions } from './types.js';

const opts: GeneratorOptions = { ...DEFAULT_GENERATOR_OPTIONS, intervalSec: 10 };
const lab = createScheveningenLab({ seed: 42, lampposts: 40 });
const pier = lab.lampposts.find((l) => l.zone === 'pier') ?? lab.lampposts[20];
// 2026-07-04 is a Saturday; Amsterdam is UTC+2 in summer.
const summerSaturday = (localHour: number): Date => new Date(Date.UTC(2026, 6, 4, localHour - 2));
const winterWeekday = (localHour: number): Date => new Date(Date.UTC(2026, 0, 14, localHour - 1));

function rmsDbSpl(body: SoundBody): number {
  const pcm = base64ToPcm(body.pcm);
  let s = 0;
  for (const v of pcm) s += v * v;
  return rmsToDbSpl(Math.sqrt(s / pcm.length));
}

describe('determinism', () => {
  test('same seed, same lamppost, same instant: identical messages for every kind', () => {
    const again = createScheveningenLab({ seed: 42, lampposts: 40 });
    const t = summerSaturday(15);
    for (const kind of SENSOR_KINDS) {
      for (const i of [0, 17, 39]) {
        const a = readingsAt(lab.lampposts[i], kind, t, opts);
        const b = readingsAt(again.lampposts[i], kind, t, opts);
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      }
    }
  });

  test('another seed gives other readings', () => {
    const other = createScheveningenLab({ seed: 43, lampposts: 40 });
    const t = summerSaturday(15);
    const a = readingsAt(lab.lampposts[5], 'sound', t, opts)[0];
    const b = readingsAt(other.lampposts[5], 'sound', t, opts)[0];
    expect(a.pcm).not.toBe(b.pcm);
  });
});

describe('lab layout', () => {
  test('lampposts stand along the Scheveningen boulevard, north-east to south-west', () => {
    expect(lab.lampposts).toHaveLength(40);
    for (const l of lab.lampposts) {
      expect(l.lat).toBeGreaterThan(52.09);
      expect(l.lat).toBeLessThan(52.12);
      expect(l.lon).toBeGreaterThan(4.25);
      expect(l.lon).toBeLessThan(4.3);
      expect(l.topicPrefix).toBe(`labs/scheveningen/lampposts/${l.id}`);
    }
    const chainages = lab.lampposts.map((l) => l.chainageM);
    expect(chainages).toEqual([...chainages].sort((a, b) => a - b));
    expect(chainages[39] - chainages[0]).toBeGreaterThan(2500);
    expect(new Set(lab.lampposts.map((l) => l.id)).size).toBe(40);
  });
});

describe('temperature', () => {
  const mean = (t: Date): number =>
    lab.lampposts.reduce((s, l) => s + readingsAt(l, 'temperature', t, opts)[0].celsius, 0) /
    lab.lampposts.length;

  test('summer afternoon warmer than the night before it, and both plausible for the coast', () => {
    const night = mean(summerSaturday(4));
    const afternoon = mean(summerSaturday(15));
    expect(afternoon).toBeGreaterThan(night + 2);
    expect(night).toBeGreaterThan(8);
    expect(night).toBeLessThan(22);
    expect(afternoon).toBeGreaterThan(13);
    expect(afternoon).toBeLessThan(32);
  });

  test('January is much colder than July', () => {
    expect(mean(winterWeekday(14))).toBeLessThan(mean(summerSaturday(14)) - 6);
    expect(mean(winterWeekday(14))).toBeGreaterThan(-8);
  });
});

describe('sound', () => {
  test('calibration: 94 dB SPL is -26 dBFS (AES17, full-scale sine = 0 dBFS), like the hub', () => {
    const rms = dbSplToRms(94);
    expect(20 * Math.log10((rms * Math.SQRT2) / 32768)).toBeCloseTo(-26, 6);
    expect(rmsToDbSpl(dbSplToRms(57.3))).toBeCloseTo(57.3, 6);
  });

  test('PCM levels follow the calibration: background 45-65 dB, busy summer afternoon louder', () => {
    const quiet: number[] = [];
    const busy: number[] = [];
    for (let k = 0; k < 10; k++) {
      const night = readingsAt(
        pier,
        'sound',
        new Date(winterWeekday(3).getTime() + k * 60_000),
        opts,
      )[0];
      const day = readingsAt(
        pier,
        'sound',
        new Date(summerSaturday(15).getTime() + k * 60_000),
        opts,
      )[0];
      expect(night.calibrationDbfsAt94).toBe(-26);
      expect(base64ToPcm(night.pcm)).toHaveLength((opts.sampleRate * opts.chunkMs) / 1000);
      quiet.push(rmsDbSpl(night));
      busy.push(rmsDbSpl(day));
    }
    const median = (xs: number[]): number =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    expect(median(quiet)).toBeGreaterThan(42);
    expect(median(quiet)).toBeLessThan(66);
    expect(median(busy)).toBeGreaterThan(58);
    expect(median(busy)).toBeLessThan(75);
    expect(median(busy)).toBeGreaterThan(median(quiet) + 3);
  });

  test('loud events are rendered at 80-95 dB', () => {
    // Find a chunk with an event by scanning instants; the scene is a pure function of the rng.
    let found = false;
    for (let k = 0; k < 3000 && !found; k++) {
      const t = new Date(summerSaturday(21).getTime() + k * 15_000);
      const scene = soundScene(pier, t, rngFor(pier.seed, 'sound', t.getTime()), 1000);
      if (!scene.event || scene.event.lengthFraction < 0.5) continue;
      found = true;
      expect(scene.event.db).toBeGreaterThanOrEqual(80);
      expect(scene.event.db).toBeLessThanOrEqual(95);
      const level = rmsDbSpl(readingsAt(pier, 'sound', t, opts)[0]);
      expect(level).toBeGreaterThan(74);
      expect(level).toBeLessThan(97);
    }
    expect(found).toBe(true);
  });

  test('chunk length and sample rate are options', () => {
    const body = readingsAt(pier, 'sound', summerSaturday(12), {
      ...opts,
      sampleRate: 8000,
      chunkMs: 250,
    })[0];
    expect(body.sampleRate).toBe(8000);
    expect(base64ToPcm(body.pcm)).toHaveLength(2000);
  });
});

describe('camera', () => {
  test('frames are decodable 160x120 JPEGs with detections inside the frame', () => {
    let persons = 0;
    let plates = 0;
    for (let k = 0; k < 20; k++) {
      const t = new Date(summerSaturday(15).getTime() + k * 10_000);
      const body = readingsAt(pier, 'camera', t, opts)[0];
      const img = jpeg.decode(Buffer.from(body.frame, 'base64'), { useTArray: true });
      expect(img.width).toBe(160);
      expect(img.height).toBe(120);
      for (const d of body.detections) {
        const [x, y, w, h] = d.bbox;
        expect(x).toBeGreaterThanOrEqual(0);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(x + w).toBeLessThanOrEqual(160);
        expect(y + h).toBeLessThanOrEqual(120);
        expect(d.confidence).toBeGreaterThan(0.5);
        expect(d.confidence).toBeLessThanOrEqual(1);
        if (d.class === 'person') persons++;
        if (d.plate) {
          plates++;
          expect(d.class).toBe('car');
          expect(d.plate).toMatch(
            /^[0-9BDFGHJKLNPRSTVXZ]{1,3}-[0-9BDFGHJKLNPRSTVXZ]{2,3}-[0-9BDFGHJKLNPRSTVXZ]{1,2}$/,
          );
        }
      }
    }
    expect(persons).toBeGreaterThan(5);
    expect(plates).toBeLessThanOrEqual(persons + 20);
  });

  test('most cars carry a Dutch-format plate', () => {
    const harbour = lab.lampposts[39];
    const from = summerSaturday(17).getTime();
    const cars = arrivalsBetween(harbour, from, from + 3_600_000).filter((p) => p.cls === 'car');
    expect(cars.length).toBeGreaterThan(20);
    const withPlate = cars.filter((c) => c.plate !== undefined);
    expect(withPlate.length / cars.length).toBeGreaterThan(0.7);
  });

  test('a summer Saturday afternoon is busier than a winter night', () => {
    const count = (from: Date): number =>
      arrivalsBetween(pier, from.getTime(), from.getTime() + 3_600_000).length;
    expect(count(summerSaturday(15))).toBeGreaterThan(5 * count(winterWeekday(3)) + 100);
  });

  test('night frames are darker than day frames', () => {
    const brightness = (t: Date): number => {
      const body = readingsAt(pier, 'camera', t, opts)[0];
      const img = jpeg.decode(Buffer.from(body.frame, 'base64'), { useTArray: true });
      let s = 0;
      for (let i = 0; i < img.data.length; i += 4)
        s += img.data[i] + img.data[i + 1] + img.data[i + 2];
      return s / (img.data.length / 4) / 3;
    };
    expect(brightness(summerSaturday(2))).toBeLessThan(brightness(summerSaturday(14)) * 0.6);
  });
});

describe('motion', () => {
  test('counts passers arriving in the interval', () => {
    const t = summerSaturday(16);
    const body = readingsAt(pier, 'motion', t, opts)[0];
    const arrivals = arrivalsBetween(pier, t.getTime() - 10_000, t.getTime()).length;
    expect(body.events === arrivals || body.events === arrivals + 1).toBe(true);
  });
});

describe('radio', () => {
  const scan = (t: Date): RadioBody[] => readingsAt(pier, 'radio', t, opts);

  test('identifiers are MAC-shaped, mostly randomised (locally administered)', () => {
    const ids = scan(summerSaturday(15)).flatMap((b) => b.identifiers);
    expect(ids.length).toBeGreaterThan(30);
    for (const id of ids) expect(id).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    const share = ids.filter(isLocallyAdministered).length / ids.length;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(1);
    expect(new Set(scan(summerSaturday(15)).map((b) => b.technology))).toContain('wifi');
  });

  test('randomised addresses change within the hour, fixed ones persist', () => {
    const at = (t: Date): Set<string> => new Set(scan(t).flatMap((b) => b.identifiers));
    const a = at(summerSaturday(15));
    const b = at(new Date(summerSaturday(15).getTime() + 20 * 60_000));
    const kept = [...a].filter((id) => b.has(id));
    expect(kept.every((id) => !isLocallyAdministered(id))).toBe(true);
    expect(kept.length).toBeGreaterThan(0);
  });

  test('more devices on a summer afternoon than on a winter night', () => {
    const n = (t: Date): number => scan(t).reduce((s, b) => s + b.identifiers.length, 0);
    expect(n(summerSaturday(15))).toBeGreaterThan(4 * n(winterWeekday(4)) + 20);
  });
});

describe('air', () => {
  test('values in plausible coastal ranges', () => {
    const r = new Rng(1);
    for (let h = 0; h < 24; h += 3) {
      const body = readingsAt(lab.lampposts[r.int(0, 39)], 'air', summerSaturday(h), opts)[0];
      expect(body.pm25).toBeGreaterThan(0);
      expect(body.pm25).toBeLessThan(40);
      expect(body.pm10).toBeGreaterThanOrEqual(body.pm25 * 0.8);
      expect(body.pm10).toBeLessThan(80);
      expect(body.no2).toBeGreaterThan(0);
      expect(body.no2).toBeLessThan(120);
    }
  });
});
