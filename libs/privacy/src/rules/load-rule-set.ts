import { hashCanonical } from './canonical-json.js';
import type { RuleStamp } from '@hub/contracts';
import type { RuleSet } from './rule-set.js';
import { RuleSetInvalidError } from './rule-set.error.js';
import { validateRuleSet } from './validate-rule-set.js';

/** Where the shipped default rule set lives, relative to the repository root. */
export const DEFAULT_RULE_SET_FILE = 'libs/privacy/rules/scheveningen.json';

/** Parse and validate rule-set JSON text; throws RuleSetInvalidError listing every issue. */
export function loadRuleSet(jsonText: string): RuleSet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch (e) {
    throw new RuleSetInvalidError([{ path: '$', reason: `not JSON: ${(e as Error).message}` }]);
  }
  const result = validateRuleSet(parsed);
  if (!result.ok) throw new RuleSetInvalidError(result.issues);
  return deepFreeze(result.ruleSet);
}

/** {id, version, hash}: the hash covers the whole canonical content, so any change changes it. */
export function ruleProvenance(ruleSet: RuleSet): RuleStamp {
  return { id: ruleSet.id, version: ruleSet.version, hash: hashCanonical(ruleSet) };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
