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
 */
export function resolveRuleVersion(ruleSet: RuleSet, hash: string): ResolvedRuleVersion {
  return {
    stamp: { id: ruleSet.id, version: ruleSet.version, hash },
    transforms: (kind, audience) => {
      const rule = (ruleSet.kinds as Record<string, { transform: string } | undefined>)[kind];
      if (rule?.transform !== 'allowlist') return undefined;
      return allowlistReadingTransforms(rule as AllowlistRule, audience);
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
