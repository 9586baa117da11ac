import type { RuleSet } from '@hub/privacy';
import type { AggregatePolicy, CountPolicy } from './aggregate-noise.js';

/**
 * k and epsilon for shared hourly counts: the lab's privacy rule for that kind when it defines
 * counts (e.g. camera: k 5, epsilon 1), else the configured defaults. Invariant: the rule is
 * the one IN FORCE at the moment of the read (`ruleSetOf` asks the privacy filter, which holds
 * governance's active approved version), never a copy of the rule files read at boot, so a
 * newly approved and activated version changes shared aggregates at once. k never drops below
 * the configured floor.
 */
export function ruleSetPolicy(
  ruleSetOf: (lab: string) => RuleSet | undefined,
  defaults: CountPolicy,
): AggregatePolicy {
  return (lab, kind) => {
    const rule = ruleSetOf(lab)?.kinds[kind as keyof RuleSet['kinds']] as
      { counts?: { k: number; noise?: { epsilon: number } } } | undefined;
    return {
      k: Math.max(rule?.counts?.k ?? defaults.k, defaults.k),
      epsilon: rule?.counts?.noise?.epsilon ?? defaults.epsilon,
    };
  };
}
