import type { SensorKind } from '@hub/contracts';
import { DEFAULT_GENERATOR_OPTIONS } from './generators/index.js';
import { createScheveningenLab } from './lab.js';
import { readingsAt } from './readings.js';

export interface SampleBody {
  readonly lamppost: string;
  readonly position: { readonly lat: number; readonly lon: number };
  readonly kind: SensorKind;
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * The bodies `lampposts` simulated lampposts of `lab` send at `at` (pure generators, no
 * network), one message per kind and lamppost: the privacy dry run's preset samples.
 */
export function sampleBodies(request: {
  readonly lab: string;
  readonly lampposts: number;
  readonly kinds: readonly SensorKind[];
  readonly at: Date;
}): SampleBody[] {
  const lab = createScheveningenLab({
    lab: request.lab,
    lampposts: request.lampposts,
    start: request.at,
  });
  const out: SampleBody[] = [];
  for (const lamppost of lab.lampposts) {
    for (const kind of request.kinds) {
      const bodies = readingsAt(lamppost, kind, request.at, {
        ...DEFAULT_GENERATOR_OPTIONS,
        intervalSec: 60,
      });
      for (const body of bodies) {
        out.push({
          lamppost: lamppost.id,
          position: { lat: lamppost.lat, lon: lamppost.lon },
          kind,
          body: body as unknown as Record<string, unknown>,
        });
      }
    }
  }
  return out;
}
