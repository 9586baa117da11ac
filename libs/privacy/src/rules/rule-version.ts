import type { ResolvedRuleVersion, StoredAudience } from '@hub/contracts';
import {
  allowlistTransforms,
  noiseTransform,
  suppressionTransform,
} from '../filter/transform-names.js';
import type { AllowlistRule, RuleSet } from './rule-set.js';

/**
 * What a stamped rule version tells a reader of a reading stamped with it: its stamp and, for
 * allowlist kinds, the transforms the filter names (allowlist, round, bucket, location, and for
 * count fields suppression and, for the shared copy, noise). Other kinds' transforms depend on
 * the data (octave bands, a spent noise budget): their readings carry them (undefined here).
 * The interval is the kind's time bucket (allowlist kinds) or window; the writer stores it when
 * it differs (`encodeReading` compares).
 */
export function resolveRuleVersion(ruleSet: RuleSet, hash: string): ResolvedRuleVersion {
  // Per kind and audience once: the writer asks for every reading it stores.
  const known = new Map<string, readonly string[] | undefined>();
  return {
    stamp: { id: ruleSet.id, version: ruleSet.version, hash },
    transforms: (kind, audience) => {
      const key = `${kind}\0${audience}`;
      if (known.has(key)) return known.get(key);
      const rule = (ruleSet.kinds as Record<string, { transform: string } | undefined>)[kind];
      const transforms =
        rule?.transform === 'allowlist'
          ? Object.freeze(allowlistReadingTransforms(rule as AllowlistRule, audience))
          : undefined;
      known.set(key, transforms);
      return transforms;
    },
    intervalSeconds: (kind) => {
      const rule = (ruleSet.kinds as Record<string, Record<string, unknown> | undefined>)[kind];
      const seconds = rule?.timeBucketSeconds ?? rule?.windowSeconds;
      return typeof seconds === 'number' ? seconds : undefined;
    },
  };
}

function allowlistReadingTransforms(rule: AllowlistRule, audience: StoredAudience): string[] {
  const base = allowlistTransforms(rule);
  if (!rule.counts) return base;
  const suppression = suppressionTransform(rule.counts);
  const noise = rule.counts.noise;
  return audience === 'shared' && noise
    ? [...base, noiseTransform(noise.epsilon), suppression]
    : [...base, suppression];
}
