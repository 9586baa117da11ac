import type { Rng } from '../../shared/prng.js';
import type { Lamppost } from '../lab.js';
import type { MotionBody } from '../payloads.js';
import { arrivalsBetween } from './passers.js';
import type { GeneratorOptions } from './types.js';

/** PIR-style motion: one trigger per passer entering the zone during the last interval. */
export function motion(
  lamppost: Lamppost,
  t: Date,
  rng: Rng,
  options: GeneratorOptions,
): MotionBody[] {
  const to = t.getTime();
  const from = to - options.intervalSec * 1000;
  let count = arrivalsBetween(lamppost, from, to).length;
  // Gulls and blowing litter: rare false triggers.
  if (rng.chance(0.02)) count += 1;
  return [{ events: count }];
}
