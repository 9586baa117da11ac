import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRuleSetInvalidError, loadRuleSet, type RuleSet } from '@hub/privacy';
import { HubError } from '@hub/contracts';

/** A rule-set file that cannot be used: the hub refuses to start rather than filter wrongly. */
export class RuleSetFileError extends HubError {
  override readonly audience = 'operator';
  readonly code = 'RULE_SET_FILE_INVALID';
  constructor(message: string) {
    super(message);
  }
}

/** Loads and validates every `*.json` rule set in `dir` (one per lab). */
export function loadRuleSetsFromDir(dir: string): RuleSet[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch (error) {
    throw new RuleSetFileError(
      `cannot read privacy rules folder ${dir} (HUB_PRIVACY_RULES_DIR): ${(error as Error).message}`,
    );
  }
  return files.map((name) => {
    const file = join(dir, name);
    try {
      return loadRuleSet(readFileSync(file, 'utf8'));
    } catch (error) {
      if (isRuleSetInvalidError(error)) {
        const issues = error.issues.map((i) => `  ${i.path}: ${i.reason}`).join('\n');
        throw new RuleSetFileError(`privacy rule set ${file} is invalid:\n${issues}`);
      }
      throw error;
    }
  });
}
