import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadRuleSet, type RuleSet } from '@hub/privacy';

/**
 * The shipped rule files (one per lab), read to record them as each lab's first version. The
 * ingest gate has already validated the same files at boot, so a failure here is unexpected.
 */
export function readRuleFiles(dir: string): { ruleSet: RuleSet; source: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = join(dir, name);
      // Recorded in the log: relative to the working directory, so no host paths leak into it.
      return {
        ruleSet: loadRuleSet(readFileSync(file, 'utf8')),
        source: relative('.', file) || name,
      };
    });
}
