/**
 * A privacy rule set: data, not code. One rule set per lab, one rule per sensor kind.
 * Deny by default: a kind without a rule is rejected, a field not named is dropped.
 */
/** Sound classes a device may report; a fixed list so no free text (or transcript) can pass. */
export const SOUND_CLASSES = [
  'traffic',
  'siren',
  'horn',
  'construction',
  'music',
  'crowd',
  'alarm',
  'fireworks',
  'birds',
  'wind',
  'rain',
  'other',
] as const;

/** Object classes a counting camera may report. `face` and `plate` can only be covered, never counted. */
export const DETECTION_CLASSES = [
  'person',
  'bicycle',
  'car',
  'motorcycle',
  'scooter',
  'bus',
  'truck',
  'van',
  'wheelchair',
  'stroller',
  'dog',
] as const;

export const RADIO_TECHNOLOGIES = ['wifi', 'bluetooth', '5g'] as const;
export const AUDIO_METRICS = ['LAeq', 'LAmax', 'LAmin', 'LApeak'] as const;
export type AudioMetric = (typeof AUDIO_METRICS)[number];

export type LocationRule = { mode: 'lamppost' } | { mode: 'grid'; cellMeters: number };

export interface NoiseRule {
  /** Laplace noise with scale 1/epsilon (count sensitivity 1) on readings for audiences beyond the owner. */
  epsilon: number;
  /** Total epsilon one device location may spend per UTC day; shared readings stop when spent. */
  dailyBudget?: number;
}

export interface CountRule {
  /** Counts with 0 < n < k are suppressed (emitted as null). */
  k: number;
  noise?: NoiseRule;
}

export interface FieldSpec {
  /** `count` fields are subject to the rule's small-count suppression and noise. */
  type: 'measure' | 'count';
  /** Round to this many decimals (generalisation of precise values). */
  decimals?: number;
}

export interface AllowlistRule {
  transform: 'allowlist';
  timeBucketSeconds: number;
  location: LocationRule;
  fields: Record<string, FieldSpec>;
  counts?: CountRule;
}

export interface AudioRule {
  transform: 'audio-levels';
  /** T of LAeq,T; at least 1 s. */
  windowSeconds: number;
  /** Sub-interval for LAmax/LAmin: 125 ms ("fast") or 1000 ms. */
  subIntervalMs: 125 | 1000;
  metrics: AudioMetric[];
  octaveBands: boolean;
  sampleRates: number[];
  /** Used when a message carries no calibrationDbfsAt94. */
  defaultCalibrationDbfsAt94?: number;
  /** Longest accepted chunk; bounds the work and memory per message. */
  maxChunkSeconds: number;
  soundClass?: { labels: string[]; minConfidence: number };
  location: LocationRule;
}

export interface VideoRule {
  transform: 'video-counts';
  windowSeconds: number;
  classes: string[];
  minConfidence: number;
  zones?: string[];
  directions?: string[];
  counts: CountRule;
  /** When present, plates are pseudonymised and counted as unique plates per window. */
  plates?: { truncateBits: number };
  maxTracksPerWindow: number;
  location: LocationRule;
}

export interface RadioRule {
  transform: 'pseudonymise-count';
  windowSeconds: number;
  technologies: string[];
  truncateBits: number;
  /** Emit the truncated keyed tags (for joins inside one key epoch); never for shared audiences. */
  emitTags: boolean;
  counts: CountRule;
  maxDevicesPerWindow: number;
  location: LocationRule;
}

export interface KindRules {
  temperature?: AllowlistRule;
  air?: AllowlistRule;
  motion?: AllowlistRule;
  sound?: AudioRule;
  camera?: VideoRule;
  radio?: RadioRule;
}

export interface RuleSet {
  id: string;
  version: number;
  lab: string;
  description?: string;
  kinds: KindRules;
}
