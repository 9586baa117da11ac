import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
      const source = join(dir, name);
      return { ruleSet: loadRuleSet(readFileSync(source, 'utf8')), source };
    });
}
