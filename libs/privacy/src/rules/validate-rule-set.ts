import { SENSOR_KINDS } from '@hub/contracts';
import {
  AUDIO_METRICS,
  DETECTION_CLASSES,
  RADIO_TECHNOLOGIES,
  SOUND_CLASSES,
  type RuleSet,
} from './rule-set.js';
import { ValidationContext, type RuleSetIssue } from './validation-context.js';

export type RuleSetValidation =
  { ok: true; ruleSet: RuleSet } | { ok: false; issues: RuleSetIssue[] };

/**
 * Field names that would let raw media or clear identifiers through an allowlist.
 * A rule naming one is refused outright: no rule version can ever expose them.
 */
const RAW_FIELD_PATTERN =
  /frame|image|jpe?g|png|crop|pcm|audio|sample|waveform|identifier|mac|plate|track|bbox|box|face|embedding|exif|transcript|blob|raw/i;

const ALLOWLIST_KINDS = ['temperature', 'air', 'motion'] as const;
const SECONDS_PER_DAY = 86_400;

/** Validate untrusted rule-set data; returns every issue with its path, not just the first. */
export function validateRuleSet(input: unknown): RuleSetValidation {
  const c = new ValidationContext();
  const root = c.object('$', input, ['id', 'version', 'lab', 'description', 'kinds']);
  if (root) {
    c.string('$.id', root.id);
    c.number('$.version', root.version, { min: 1, max: 1_000_000, integer: true });
    c.string('$.lab', root.lab);
    if (root.description !== undefined && typeof root.description !== 'string') {
      c.fail('$.description', 'must be a string');
    }
    const kinds = c.object('$.kinds', root.kinds, SENSOR_KINDS);
    if (kinds) {
      for (const kind of ALLOWLIST_KINDS) {
        if (kinds[kind] !== undefined) allowlist(c, `$.kinds.${kind}`, kinds[kind]);
      }
      if (kinds.sound !== undefined) audio(c, '$.kinds.sound', kinds.sound);
      if (kinds.camera !== undefined) video(c, '$.kinds.camera', kinds.camera);
      if (kinds.radio !== undefined) radio(c, '$.kinds.radio', kinds.radio);
    }
  }
  return c.issues.length === 0
    ? { ok: true, ruleSet: input as RuleSet }
    : { ok: false, issues: c.issues };
}

function location(c: ValidationContext, path: string, value: unknown): void {
  const o = c.object(path, value, ['mode', 'cellMeters']);
  if (!o) return;
  const mode = c.literal(`${path}.mode`, o.mode, ['lamppost', 'grid']);
  if (mode === 'grid') {
    c.number(`${path}.cellMeters`, o.cellMeters, { min: 50, max: 10_000, integer: true });
  } else if (o.cellMeters !== undefined) {
    c.fail(`${path}.cellMeters`, 'only allowed with mode "grid"');
  }
}

/** Windows must tile a UTC day so that they never straddle a daily key epoch. */
function windowSeconds(c: ValidationContext, path: string, value: unknown, min: number): void {
  const s = c.number(path, value, { min, max: SECONDS_PER_DAY, integer: true });
  if (s !== undefined && SECONDS_PER_DAY % s !== 0) c.fail(path, 'must divide 86400 (one day)');
}

function counts(c: ValidationContext, path: string, value: unknown): void {
  const o = c.object(path, value, ['k', 'noise']);
  if (!o) return;
  c.number(`${path}.k`, o.k, { min: 2, max: 1000, integer: true });
  if (o.noise === undefined) return;
  const n = c.object(`${path}.noise`, o.noise, ['epsilon', 'dailyBudget']);
  if (!n) return;
  const eps = c.number(`${path}.noise.epsilon`, n.epsilon, { min: 0, max: 10, exclusiveMin: true });
  if (n.dailyBudget !== undefined) {
    const b = c.number(`${path}.noise.dailyBudget`, n.dailyBudget, {
      min: 0,
      max: 1e6,
      exclusiveMin: true,
    });
    if (eps !== undefined && b !== undefined && b < eps) {
      c.fail(`${path}.noise.dailyBudget`, 'must be at least epsilon');
    }
  }
}

function allowlist(c: ValidationContext, path: string, value: unknown): void {
  const o = c.object(path, value, [
    'transform',
    'timeBucketSeconds',
    'location',
    'fields',
    'counts',
  ]);
  if (!o) return;
  c.literal(`${path}.transform`, o.transform, ['allowlist']);
  windowSeconds(c, `${path}.timeBucketSeconds`, o.timeBucketSeconds, 1);
  location(c, `${path}.location`, o.location);
  const fields = c.object(`${path}.fields`, o.fields, Object.keys(o.fields ?? {}));
  let hasCount = false;
  for (const [name, spec] of Object.entries(fields ?? {})) {
    const fp = `${path}.fields.${name}`;
    if (!/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/.test(name))
      c.fail(fp, 'field name must be a short identifier');
    if (RAW_FIELD_PATTERN.test(name) || name === 'seq' || name === 'observedAt') {
      c.fail(
        fp,
        'field would expose raw media, identifiers or envelope data and cannot be allowed',
      );
    }
    const s = c.object(fp, spec, ['type', 'decimals']);
    if (!s) continue;
    const type = c.literal(`${fp}.type`, s.type, ['measure', 'count']);
    if (type === 'count') hasCount = true;
    if (s.decimals !== undefined)
      c.number(`${fp}.decimals`, s.decimals, { min: 0, max: 6, integer: true });
  }
  if (o.counts !== undefined) counts(c, `${path}.counts`, o.counts);
  else if (hasCount) c.fail(`${path}.counts`, 'required when a field has type "count"');
}

function audio(c: ValidationContext, path: string, value: unknown): void {
  const o = c.object(path, value, [
    'transform',
    'windowSeconds',
    'subIntervalMs',
    'metrics',
    'octaveBands',
    'sampleRates',
    'defaultCalibrationDbfsAt94',
    'maxChunkSeconds',
    'soundClass',
    'location',
  ]);
  if (!o) return;
  c.literal(`${path}.transform`, o.transform, ['audio-levels']);
  // LAeq,T with T >= 1 s: shorter spectra or levels start to approach the signal itself.
  windowSeconds(c, `${path}.windowSeconds`, o.windowSeconds, 1);
  c.literal(`${path}.subIntervalMs`, o.subIntervalMs, [125, 1000]);
  c.subset(`${path}.metrics`, o.metrics, AUDIO_METRICS);
  c.literal(`${path}.octaveBands`, o.octaveBands, [true, false]);
  // The A-weighting design is verified from 32 kHz up (the 12.5 kHz band needs the headroom).
  c.subset(`${path}.sampleRates`, o.sampleRates, [32_000, 44_100, 48_000, 96_000]);
  if (o.defaultCalibrationDbfsAt94 !== undefined) {
    c.number(`${path}.defaultCalibrationDbfsAt94`, o.defaultCalibrationDbfsAt94, {
      min: -90,
      max: 0,
    });
  }
  c.number(`${path}.maxChunkSeconds`, o.maxChunkSeconds, { min: 0.01, max: 10 });
  if (o.soundClass !== undefined) {
    const s = c.object(`${path}.soundClass`, o.soundClass, ['labels', 'minConfidence']);
    if (s) {
      c.subset(`${path}.soundClass.labels`, s.labels, SOUND_CLASSES);
      c.number(`${path}.soundClass.minConfidence`, s.minConfidence, { min: 0, max: 1 });
    }
  }
  location(c, `${path}.location`, o.location);
}

function video(c: ValidationContext, path: string, value: unknown): void {
  const o = c.object(path, value, [
    'transform',
    'windowSeconds',
    'classes',
    'minConfidence',
    'zones',
    'directions',
    'counts',
    'plates',
    'redaction',
    'maxTracksPerWindow',
    'location',
  ]);
  if (!o) return;
  c.literal(`${path}.transform`, o.transform, ['video-counts']);
  windowSeconds(c, `${path}.windowSeconds`, o.windowSeconds, 10);
  c.subset(`${path}.classes`, o.classes, DETECTION_CLASSES);
  c.number(`${path}.minConfidence`, o.minConfidence, { min: 0, max: 1 });
  if (o.zones !== undefined) c.names(`${path}.zones`, o.zones);
  if (o.directions !== undefined) c.names(`${path}.directions`, o.directions);
  counts(c, `${path}.counts`, o.counts);
  if (o.plates !== undefined) {
    const p = c.object(`${path}.plates`, o.plates, ['truncateBits']);
    if (p)
      c.number(`${path}.plates.truncateBits`, p.truncateBits, { min: 8, max: 64, integer: true });
  }
  if (o.redaction !== undefined) {
    c.fail(
      `${path}.redaction`,
      'not supported: the hub keeps no images, a calibration frame is dropped like every frame',
    );
  }
  c.number(`${path}.maxTracksPerWindow`, o.maxTracksPerWindow, {
    min: 1,
    max: 100_000,
    integer: true,
  });
  location(c, `${path}.location`, o.location);
}

function radio(c: ValidationContext, path: string, value: unknown): void {
  const o = c.object(path, value, [
    'transform',
    'windowSeconds',
    'technologies',
    'truncateBits',
    'emitTags',
    'counts',
    'maxDevicesPerWindow',
    'location',
  ]);
  if (!o) return;
  c.literal(`${path}.transform`, o.transform, ['pseudonymise-count']);
  windowSeconds(c, `${path}.windowSeconds`, o.windowSeconds, 10);
  c.subset(`${path}.technologies`, o.technologies, RADIO_TECHNOLOGIES);
  // Short tags on purpose: each tag should stand for several devices (k-anonymous tags).
  c.number(`${path}.truncateBits`, o.truncateBits, { min: 8, max: 64, integer: true });
  c.literal(`${path}.emitTags`, o.emitTags, [true, false]);
  counts(c, `${path}.counts`, o.counts);
  c.number(`${path}.maxDevicesPerWindow`, o.maxDevicesPerWindow, {
    min: 1,
    max: 1_000_000,
    integer: true,
  });
  location(c, `${path}.location`, o.location);
}
