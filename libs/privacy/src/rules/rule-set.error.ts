import type { RuleSetIssue } from './validation-context.js';
import { HubError } from '@hub/contracts';

/** Thrown by the loader; carries every issue so a privacy officer sees the whole list at once. */
export class RuleSetInvalidError extends HubError {
  readonly code = 'RULE_SET_INVALID';
  constructor(readonly issues: RuleSetIssue[]) {
    super(`invalid rule set: ${issues.map((i) => `${i.path}: ${i.reason}`).join('; ')}`);
  }
}

export function isRuleSetInvalidError(e: unknown): e is RuleSetInvalidError {
  return e instanceof RuleSetInvalidError;
}
