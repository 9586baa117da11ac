import type { RuleSet } from '@hub/privacy';
import { RULE_SET_BOOTSTRAPPED, RULE_SET_PROPOSED } from '@hub/contracts';

/**
 * The rule lifecycle, event-sourced. One stream per lab (`privacy-rules-<lab>`): the stream is
 * also the lab's hash chain (see rule-chain.ts), so its order is the history's order.
 */
// The two that stamp a version are shared with the readers of compact readings (contracts).
export { RULE_SET_BOOTSTRAPPED, RULE_SET_PROPOSED };
export const RULE_SET_APPROVED = 'RuleSetApproved';
export const RULE_SET_REJECTED = 'RuleSetRejected';
export const RULE_SET_WITHDRAWN = 'RuleSetWithdrawn';
export const RULE_SET_ACTIVATION_SCHEDULED = 'RuleSetActivationScheduled';
export const RULE_SET_ACTIVATED = 'RuleSetActivated';
export const RULE_SET_SUPERSEDED = 'RuleSetSuperseded';
export const RULE_SET_RETIRED = 'RuleSetRetired';
/** A refused lifecycle command (four eyes, scope, unapproved activation): audit, not chained. */
export const RULE_ACTION_REFUSED = 'RuleActionRefused';

export const RULE_EVENT_TYPES = [
  RULE_SET_BOOTSTRAPPED,
  RULE_SET_PROPOSED,
  RULE_SET_APPROVED,
  RULE_SET_REJECTED,
  RULE_SET_WITHDRAWN,
  RULE_SET_ACTIVATION_SCHEDULED,
  RULE_SET_ACTIVATED,
  RULE_SET_SUPERSEDED,
  RULE_SET_RETIRED,
] as const;
export type RuleEventType = (typeof RULE_EVENT_TYPES)[number];

export const RULE_STREAM_PREFIX = 'privacy-rules-';
export const ruleStream = (lab: string): string => `${RULE_STREAM_PREFIX}${lab}`;
export const RULE_REFUSALS_STREAM = 'privacy-rule-refusals';

/** Who did something, as recorded (never a token). */
export interface Actor {
  readonly subject: string;
  readonly role: string;
  readonly tokenId: string;
  readonly municipality?: string;
  /** The person the token was issued to; absent for admin and older tokens. */
  readonly holder?: string;
}

/** Links an event into its lab's chain: the hash of its own content and of the previous event. */
export interface ChainLink {
  readonly contentHash: string;
  readonly previousHash: string;
}

interface Versioned {
  readonly lab: string;
  readonly version: number;
}

/** The shipped rule file of a lab, recorded at first start as its first, already-active version. */
export interface RuleSetBootstrapped extends Versioned {
  readonly ruleSetId: string;
  readonly hash: string;
  readonly content: RuleSet;
  readonly source: string;
  readonly at: string;
}

export interface RuleSetProposed extends Versioned {
  readonly ruleSetId: string;
  readonly hash: string;
  readonly content: RuleSet;
  readonly author: Actor;
  readonly reason: string;
  /** DPIA or ticket reference. */
  readonly reference: string;
  readonly at: string;
}

export interface RuleSetApproved extends Versioned {
  readonly hash: string;
  readonly approver: Actor;
  readonly note?: string;
  readonly at: string;
}

export interface RuleSetClosed extends Versioned {
  readonly by: Actor;
  readonly reason: string;
  readonly at: string;
}

export interface RuleSetActivationScheduled extends Versioned {
  readonly effectiveAt: string;
  readonly by: Actor;
  readonly at: string;
}

export interface RuleSetActivated extends Versioned {
  readonly hash: string;
  readonly effectiveAt: string;
  readonly at: string;
}

export interface RuleSetSuperseded extends Versioned {
  readonly supersededBy: number;
  readonly at: string;
}

export interface RuleEventDataByType {
  [RULE_SET_BOOTSTRAPPED]: RuleSetBootstrapped;
  [RULE_SET_PROPOSED]: RuleSetProposed;
  [RULE_SET_APPROVED]: RuleSetApproved;
  [RULE_SET_REJECTED]: RuleSetClosed;
  [RULE_SET_WITHDRAWN]: RuleSetClosed;
  [RULE_SET_ACTIVATION_SCHEDULED]: RuleSetActivationScheduled;
  [RULE_SET_ACTIVATED]: RuleSetActivated;
  [RULE_SET_SUPERSEDED]: RuleSetSuperseded;
  [RULE_SET_RETIRED]: RuleSetClosed;
}

/** An event of the lifecycle before it is chained and stored. */
export type RuleEvent = {
  [T in RuleEventType]: { readonly type: T; readonly data: RuleEventDataByType[T] };
}[RuleEventType];

/** As stored: the data carries its chain link. */
export type ChainedData<T> = T & { readonly chain: ChainLink };

export type RefusedAction =
  'propose' | 'approve' | 'reject' | 'withdraw' | 'activate' | 'retire' | 'set-register-entry';

export interface RuleActionRefused {
  readonly action: RefusedAction;
  readonly lab: string;
  readonly version?: number;
  readonly by: Actor;
  readonly code: string;
  readonly reason: string;
  readonly at: string;
}

export const isRuleEventType = (type: string): type is RuleEventType =>
  (RULE_EVENT_TYPES as readonly string[]).includes(type);
