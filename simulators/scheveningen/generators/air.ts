import type { Rng } from '../../shared/prng.js';
import type { Lamppost } from '../lab.js';
import type { AirBody } from '../payloads.js';
import { seaState, traffic, windMs } from '../weather.js';
import type { GeneratorOptions } from './types.js';

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Air quality in µg/m³ at the coast: NO2 follows traffic and is diluted by wind; PM10 gets a
 * sea-salt share on rough days; PM2.5 a regional background.
 */
export function air(lamppost: Lamppost, t: Date, rng: Rng, _options?: GeneratorOptions): AirBody[] {
  const wind = windMs(lamppost.labSeed, t);
  const dilution = 1 / (0.5 + wind / 6);
  const road = lamppost.zone === 'harbour' || lamppost.zone === 'kurhaus' ? 1.25 : 1;
  const no2 = (8 + 30 * traffic(t) * road) * dilution + rng.normal(0, 1.5);
  const pm25 = 6 + 4 * traffic(t) * dilution + rng.normal(0, 0.8);
  const seaSalt = 10 * seaState(lamppost.labSeed, t);
  const pm10 = pm25 * 1.4 + seaSalt + rng.normal(0, 1.2);
  return [
    {
      pm25: round1(Math.max(1, pm25)),
      pm10: round1(Math.max(2, pm10)),
      no2: round1(Math.max(1, no2)),
    },
  ];
}
