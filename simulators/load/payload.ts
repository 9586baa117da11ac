import { createScheveningenLab } from '../scheveningen/lab.js';
import { DEFAULT_GENERATOR_OPTIONS } from '../scheveningen/generators/index.js';
import { readingsAt } from '../scheveningen/readings.js';
import type { SensorKind } from '@hub/contracts';

/**
 * Realistic payload shapes for load tests without generating a new body per message: one body is
 * made by the lab's generators (at a busy summer afternoon) and reused; only `seq` and
 * `observedAt` change. Returns a function that builds the JSON by concatenation.
 */
export function payloadFactory(kind: SensorKind): (seq: number, observedAt: string) => string {
  const [lamppost] = createScheveningenLab({ seed: 7, lampposts: 1, lab: 'load' }).lampposts;
  if (!lamppost) throw new Error('no lamppost');
  const at = new Date('2026-07-04T13:00:00Z');
  const [body] = readingsAt(lamppost, kind, at, { ...DEFAULT_GENERATOR_OPTIONS, intervalSec: 10 });
  const rest = JSON.stringify(body).slice(1); // '"celsius":21.4}'
  return (seq, observedAt) => `{"seq":${seq},"observedAt":"${observedAt}",${rest}`;
}
