/**
 * The two rule lifecycle events that stamp a rule version (its content and hash) into the
 * governance log; every other lifecycle event refers to a version by number. Here, not only in
 * governance, because readers of compact readings resolve a reading's rule from them.
 */
export const RULE_SET_BOOTSTRAPPED = 'RuleSetBootstrapped';
export const RULE_SET_PROPOSED = 'RuleSetProposed';
export const RULE_VERSION_STAMP_TYPES = [RULE_SET_BOOTSTRAPPED, RULE_SET_PROPOSED] as const;

/** What both stamping events carry (governance's RuleSetBootstrapped and RuleSetProposed). */
export interface RuleVersionStamped {
  readonly lab: string;
  readonly version: number;
  readonly ruleSetId: string;
  readonly hash: string;
  /** The rule set (privacy's RuleSet) whose canonical JSON `hash` is. */
  readonly content: unknown;
}
