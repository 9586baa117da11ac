import { isSensorKind, SENSOR_KINDS, type SensorKind } from '@hub/contracts';
import { GovernanceInputError } from '../domain/governance-errors.js';
import type { DryRunSample } from './dry-run.js';
import type { SampleSource } from './sample-source.port.js';

export interface PresetRequest {
  readonly lab: string;
  readonly kinds?: readonly string[];
  /** Lampposts to sample (1 to 5). */
  readonly lampposts?: number;
  /** Simulated time (ISO); default now. */
  readonly at?: string;
}

/**
 * Sample messages from `source` (in the hub: the Scheveningen simulator's pure generators, the
 * same bodies a simulated lamppost would send at that time), one message per kind and lamppost.
 */
export function presetSamples(
  req: PresetRequest,
  nowMs: number,
  source: SampleSource,
): DryRunSample[] {
  const kinds = req.kinds && req.kinds.length > 0 ? req.kinds : [...SENSOR_KINDS];
  const unknown = kinds.filter((k) => !isSensorKind(k));
  if (unknown.length > 0) {
    throw new GovernanceInputError(
      'UNKNOWN_KIND',
      `unknown sensor kind(s) ${unknown.join(', ')}; use ${SENSOR_KINDS.join(', ')}`,
      'preset.kinds',
    );
  }
  const count = req.lampposts ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 5) {
    throw new GovernanceInputError(
      'BAD_PRESET',
      'preset lampposts must be 1 to 5',
      'preset.lampposts',
    );
  }
  const at = req.at === undefined ? nowMs : Date.parse(req.at);
  if (!Number.isFinite(at)) {
    throw new GovernanceInputError('BAD_TIME', 'preset at must be an ISO 8601 time', 'preset.at');
  }
  const simTime = new Date(Math.floor(at / 1000) * 1000);
  const generated = source({
    lab: req.lab,
    lampposts: count,
    kinds: kinds as SensorKind[],
    at: simTime,
  });
  return generated.map((g, i) => ({
    kind: g.kind,
    lamppost: g.lamppost,
    position: { lat: g.position.lat, lon: g.position.lon },
    source: 'preset',
    payload: { seq: i + 1, observedAt: simTime.toISOString(), ...g.body },
  }));
}
