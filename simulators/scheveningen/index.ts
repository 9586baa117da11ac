export {
  runLab,
  DEFAULT_INTERVALS_SEC,
  type RunLabOptions,
  type LabProgress,
  type LabSummary,
} from './run-lab.js';
export {
  createScheveningenLab,
  boulevardLengthM,
  type Lamppost,
  type ScheveningenLab,
  type CreateLabOptions,
} from './lab.js';
export { readingsAt, encodeReading } from './readings.js';
export {
  GENERATORS,
  DEFAULT_GENERATOR_OPTIONS,
  type Generator,
  type GeneratorOptions,
} from './generators/index.js';
export {
  MISBEHAVE_MODES,
  EXPECTED_OUTCOME,
  badMessages,
  parseMisbehaveModes,
  type MisbehaveMode,
  type BadMessage,
} from './misbehave.js';
export type { KindCount, MisbehaveReport } from './tally.js';
export type * from './payloads.js';
export { CALIBRATION_DBFS_AT_94 } from './generators/sound.js';
export { formatLabSummary } from './format.js';
