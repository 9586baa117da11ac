import type { SensorKind } from '@hub/contracts';
import { air } from './air.js';
import { camera } from './camera.js';
import { motion } from './motion.js';
import { radio } from './radio.js';
import { sound } from './sound.js';
import { temperature } from './temperature.js';
import type { Generator } from './types.js';

export const GENERATORS: { [K in SensorKind]: Generator<K> } = {
  temperature,
  sound,
  camera,
  motion,
  radio,
  air,
};

export { DEFAULT_GENERATOR_OPTIONS, type Generator, type GeneratorOptions } from './types.js';
