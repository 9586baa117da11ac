import type { RuleSetIssue } from './validation-context.js';

/** Thrown by the loader; carries every issue so a privacy officer sees the whole list at once. */
export class RuleSetInvalidError extends Error {
  readonly code = 'RULE_SET_INVALID';
  constructor(readonly issues: RuleSetIssue[]) {
    super(`invalid rule set: ${issues.map((i) => `${i.path}: ${i.reason}`).join('; ')}`);
    this.name = 'RuleSetInvalidError';
  }
}

export function isRuleSetInvalidError(e: unknown): e is RuleSetInvalidError {
  return e instanceof RuleSetInvalidError;
}
