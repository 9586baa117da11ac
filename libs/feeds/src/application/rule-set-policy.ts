import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleSet, type RuleSet } from '@hub/privacy';
import type { AggregatePolicy, CountPolicy } from './aggregate-noise.js';

/**
 * k and epsilon for shared hourly counts: the lab's privacy rule for that kind when it defines
 * counts (e.g. camera: k 5, epsilon 1), else the configured defaults. Unreadable rule files are
 * skipped here: ingest refuses to start on them anyway.
 */
export function ruleSetPolicy(rulesDir: string, defaults: CountPolicy): AggregatePolicy {
  const byLab = new Map<string, RuleSet>();
  let files: string[] = [];
  try {
    files = readdirSync(rulesDir).filter((f) => f.endsWith('.json'));
  } catch {
    files = [];
  }
  for (const name of files) {
    try {
      const ruleSet = loadRuleSet(readFileSync(join(rulesDir, name), 'utf8'));
      byLab.set(ruleSet.lab, ruleSet);
    } catch {
      // see above
    }
  }
  return (lab, kind) => {
    const rule = byLab.get(lab)?.kinds[kind as keyof RuleSet['kinds']] as
      { counts?: { k: number; noise?: { epsilon: number } } } | undefined;
    return {
      k: Math.max(rule?.counts?.k ?? defaults.k, defaults.k),
      epsilon: rule?.counts?.noise?.epsilon ?? defaults.epsilon,
    };
  };
}
