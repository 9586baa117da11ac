import type { Rng } from '../../shared/prng.js';
import { localTime } from '../clock.js';
import type { Lamppost } from '../lab.js';
import type { TemperatureBody } from '../payloads.js';
import { seaBreeze, temperatureAnomaly } from '../weather.js';
import type { GeneratorOptions } from './types.js';

/** Air temperature at 4 m on a lamppost: season, day/night cycle, weather, sea breeze. */
export function temperature(
  lamppost: Lamppost,
  t: Date,
  rng: Rng,
  _options?: GeneratorOptions,
): TemperatureBody[] {
  const { dayOfYear, hour } = localTime(t);
  const seasonal = Math.cos((2 * Math.PI * (dayOfYear - 200)) / 365);
  // De Kooy / Hoek van Holland-like climate: ~4 °C in January, ~18 °C in late July.
  const mean = 11 + 7 * seasonal;
  const amplitude = 3.2 + 1.3 * seasonal; // coast: smaller day/night swing than inland
  const diurnal = amplitude * Math.cos((2 * Math.PI * (hour - 15)) / 24);
  const breeze = -2.2 * seaBreeze(lamppost.labSeed, t);
  // The harbour end sits among buildings and stays a little warmer at night.
  const siting = lamppost.zone === 'harbour' ? 0.4 : lamppost.zone === 'zwarte-pad' ? -0.2 : 0;
  const sensor = rng.normal(0, 0.15);
  const celsius =
    mean + diurnal + breeze + temperatureAnomaly(lamppost.labSeed, t) + siting + sensor;
  return [{ celsius: Math.round(celsius * 10) / 10 }];
}
