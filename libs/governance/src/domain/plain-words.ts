import { SENSOR_KINDS } from '@hub/contracts';
import type { CountRule, KindRules, LocationRule, RuleSet } from '@hub/privacy';

const place = (l: LocationRule): string =>
  l.mode === 'lamppost' ? 'per lamppost' : `per grid cell of ${l.cellMeters} m`;

const counts = (c: CountRule): string =>
  `counts below ${c.k} hidden` +
  (c.noise ? `; shared copies get Laplace noise (epsilon ${c.noise.epsilon})` : '');

const every = (s: number): string => (s % 60 === 0 ? `${s / 60} min` : `${s} s`);

/** One line per sensor kind: what is kept and how it is protected, for a privacy officer. */
export function describeKind(kind: keyof KindRules, rules: KindRules): string | undefined {
  switch (kind) {
    case 'temperature':
    case 'air':
    case 'motion': {
      const r = rules[kind];
      if (!r) return undefined;
      const fields = Object.entries(r.fields)
        .map(([name, f]) => (f.decimals !== undefined ? `${name} (${f.decimals} decimals)` : name))
        .join(', ');
      return `${kind}: keeps only ${fields}, per ${every(r.timeBucketSeconds)}, ${place(r.location)}${r.counts ? `; ${counts(r.counts)}` : ''}; every other field is dropped`;
    }
    case 'sound': {
      const r = rules.sound;
      if (!r) return undefined;
      return `sound: samples become levels ${r.metrics.join(', ')} over ${every(r.windowSeconds)} (A-weighted, ${r.subIntervalMs} ms slices)${r.octaveBands ? ', plus octave bands' : ''}${r.soundClass ? `, sound class from ${r.soundClass.labels.length} labels` : ''}, ${place(r.location)}; no sound is kept`;
    }
    case 'camera': {
      const r = rules.camera;
      if (!r) return undefined;
      return `camera: frames dropped unread; counts of ${r.classes.join(', ')}${r.directions ? ` by direction (${r.directions.join('/')})` : ''}${r.zones ? ` by zone` : ''} per ${every(r.windowSeconds)}, ${place(r.location)}; ${counts(r.counts)}${r.plates ? `; plates only as a count of distinct keyed tags` : ''}; no images at all`;
    }
    case 'radio': {
      const r = rules.radio;
      if (!r) return undefined;
      return `radio: ${r.technologies.join(', ')} identifiers replaced by keyed ${r.truncateBits}-bit tags under a daily key destroyed at rotation; distinct devices per ${every(r.windowSeconds)}, ${place(r.location)}; ${counts(r.counts)}; tags ${r.emitTags ? 'published to the owner' : 'never published'}`;
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export function describeRuleSet(ruleSet: RuleSet): string[] {
  const lines = SENSOR_KINDS.map((k) => describeKind(k, ruleSet.kinds)).filter(
    (l): l is string => l !== undefined,
  );
  const missing = SENSOR_KINDS.filter((k) => !ruleSet.kinds[k]);
  if (missing.length > 0) lines.push(`refused entirely (no rule): ${missing.join(', ')}`);
  return lines;
}
