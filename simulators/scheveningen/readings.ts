import { rngFor } from '../shared/prng.js';
import type { SensorKind } from '@hub/contracts';
import { GENERATORS, type GeneratorOptions } from './generators/index.js';
import type { Lamppost } from './lab.js';
import type { BodyByKind, Envelope } from './payloads.js';

/** Bodies of one kind at one lamppost and instant: a pure function of (seed, lamppost, kind, t). */
export function readingsAt<K extends SensorKind>(
  lamppost: Lamppost,
  kind: K,
  simTime: Date,
  options: GeneratorOptions,
): Array<BodyByKind[K]> {
  const generate = GENERATORS[kind];
  return generate(lamppost, simTime, rngFor(lamppost.seed, kind, simTime.getTime()), options);
}

/** The wire form: envelope first so `seq` and `observedAt` lead the JSON. */
export function encodeReading(envelope: Envelope, body: object): string {
  return JSON.stringify({ seq: envelope.seq, observedAt: envelope.observedAt, ...body });
}
