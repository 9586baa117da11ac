import { HubError } from '@hub/contracts';

/**
 * Base of the governance context's refusals (the hub's error model, `HubError`): `code` for
 * clients, `reason` says exactly why, `field` is the input at fault as a path (e.g.
 * `kinds.sound.windowSeconds`) when one is.
 */
export abstract class GovernanceError extends HubError {
  abstract override readonly code: 'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';
  abstract override readonly reason: string;
}

export interface RuleIssue {
  readonly path: string;
  readonly reason: string;
}

/** A rule issue's place inside the rule set, as a form names it: `$.kinds.sound.x` → `kinds.sound.x`. */
export const fieldOf = (path: string): string => path.replace(/^\$\.?/, '');

/** A malformed rule set, or one that would expose raw data: every problem with its path. */
export class RuleSetRefusedError extends GovernanceError {
  readonly code = 'BAD_USER_INPUT';
  readonly reason = 'RULE_SET_INVALID';
  override readonly field: string | undefined;
  constructor(readonly issues: readonly RuleIssue[]) {
    super(`rule set refused: ${issues.map((i) => `${i.path}: ${i.reason}`).join('; ')}`);
    this.field = issues[0] ? fieldOf(issues[0].path) : undefined;
  }

  /** Every problem, each with its own `field`, so a form can show it in place. */
  override details(): Readonly<Record<string, unknown>> {
    return { issues: this.issues.map((i) => ({ ...i, field: fieldOf(i.path) })) };
  }
}

export type ForbiddenReason =
  'ROLE_NOT_ALLOWED' | 'OUT_OF_SCOPE' | 'HUB_WIDE' | 'SELF_APPROVAL' | 'LAB_OWNER_UNKNOWN';

/** The caller may not do this: wrong role, another municipality, or their own proposal. */
export class GovernanceForbiddenError extends GovernanceError {
  readonly code = 'FORBIDDEN';
  constructor(
    override readonly reason: ForbiddenReason,
    message: string,
  ) {
    super(message);
  }
}

export type ConflictReason =
  'NOT_PROPOSED' | 'NOT_APPROVED' | 'NOT_ACTIVE' | 'NOT_OPEN' | 'OUTDATED';

/** The version is not in a state that allows this step (e.g. activating an unapproved version). */
export class LifecycleConflictError extends GovernanceError {
  readonly code = 'CONFLICT';
  constructor(
    override readonly reason: ConflictReason,
    message: string,
  ) {
    super(message);
  }
}

export class GovernanceInputError extends GovernanceError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    override readonly reason: string,
    message: string,
    override readonly field?: string,
  ) {
    super(message);
  }
}

export class GovernanceNotFoundError extends GovernanceError {
  readonly code = 'NOT_FOUND';
  constructor(
    override readonly reason: 'UNKNOWN_VERSION' | 'UNKNOWN_LAB',
    message: string,
  ) {
    super(message);
  }
}

export const isGovernanceError = (e: unknown): e is GovernanceError => e instanceof GovernanceError;
