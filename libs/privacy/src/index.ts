// Public API of the privacy core. Plain TypeScript: rules, keys, randomness and the clock are
// passed in. See docs/privacy-rules.md for the rule language.
export * from './rules/rule-set.js';
export { validateRuleSet, type RuleSetValidation } from './rules/validate-rule-set.js';
export type { RuleSetIssue } from './rules/validation-context.js';
export { RuleSetInvalidError, isRuleSetInvalidError } from './rules/rule-set.error.js';
export { DEFAULT_RULE_SET_FILE, loadRuleSet, ruleProvenance } from './rules/load-rule-set.js';
export { canonicalJson, hashCanonical } from './rules/canonical-json.js';
export { resolveRuleVersion } from './rules/rule-version.js';

export { A_WEIGHTING_POLES_HZ, aWeightingCascade, aWeightingDb } from './audio/a-weighting.js';
export { OCTAVE_BANDS_HZ } from './audio/octave-bands.js';
export { LevelMeter, calibrationGain, type LevelSummary } from './audio/level-meter.js';
export { PcmDecoder } from './audio/pcm.js';
export {
  foldChunk,
  type ChunkFolder,
  type ChunkFoldReply,
  type ChunkFoldRequest,
} from './audio/chunk-fold.js';

export {
  createKeyring,
  DEFAULT_EPOCH_MS,
  type Keyring,
  type KeyringOptions,
  type KeyLifecycleRecord,
} from './pseudonym/keyring.js';
export { normaliseIdentifier, pseudonymise, truncateDigest } from './pseudonym/pseudonymise.js';

export { laplaceNoise, noisyCount } from './counts/laplace.js';
export { suppressSmallCount } from './counts/suppress.js';
export { cryptoRandom, seededRandom, type RandomSource } from './counts/random-source.js';

export { floorToBucket } from './generalise/time-bucket.js';
export { generaliseLocation, type GeneralisedLocation } from './generalise/location.js';

export { scanForRawData, summariseFindings } from './scan/scan-raw-data.js';
export type { RawSignature, ScanFinding } from './scan/signatures.js';

export type { Detection } from './video/detection.js';

export {
  createPrivacyFilter,
  DEFAULT_SOUND_BACKLOG,
  type PrivacyFilter,
  type PrivacyFilterOptions,
} from './filter/create-privacy-filter.js';
export type { RuleStats } from './filter/filter-stats.js';
export type { SoundBacklogLimits, SoundBacklogSize } from './filter/sound-backlog.js';
export type {
  DeviceRef,
  FilteredReading,
  FilterOutcome,
  ReadingValue,
  RejectCode,
} from './filter/filter-types.js';
