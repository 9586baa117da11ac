import type { Rng } from '../../shared/prng.js';
import type { SensorKind } from '@hub/contracts';
import type { Lamppost } from '../lab.js';
import type { BodyByKind } from '../payloads.js';

export interface GeneratorOptions {
  /** Sound: samples per second (default 32000, the lowest rate the default privacy rule accepts). */
  sampleRate: number;
  /** Sound: chunk length in milliseconds (default 1000). */
  chunkMs: number;
  /** Camera frame size in pixels (default 160 x 120) and JPEG quality. */
  frameWidth: number;
  frameHeight: number;
  jpegQuality: number;
  /** Seconds between readings of this kind (motion counts triggers in this window). */
  intervalSec: number;
}

export const DEFAULT_GENERATOR_OPTIONS: Omit<GeneratorOptions, 'intervalSec'> = {
  sampleRate: 32_000,
  chunkMs: 1000,
  frameWidth: 160,
  frameHeight: 120,
  jpegQuality: 60,
};

/**
 * A pure generator: the same lamppost, instant, random stream and options give the same bodies.
 * Most kinds return one body; radio returns one per technology heard.
 */
export type Generator<K extends SensorKind> = (
  lamppost: Lamppost,
  simTime: Date,
  rng: Rng,
  options: GeneratorOptions,
) => Array<BodyByKind[K]>;
