import { HubError } from '@hub/contracts';

/** Base of the access context's refusals (the hub's error model, `HubError`). */
export abstract class AccessError extends HubError {}

/** Why a feed read was refused: each names what is missing. */
export type RefusalReason =
  | 'NO_AGREEMENT'
  | 'AGREEMENT_EXPIRED'
  | 'AGREEMENT_REVOKED'
  | 'KIND_NOT_SHARED'
  | 'WRONG_LEVEL'
  | 'UNKNOWN_LAB'
  | 'ROLE_NOT_ALLOWED'
  | 'LAB_REQUIRED';

/** The caller may not read this lab or kind (or not at this level). */
export class FeedForbiddenError extends AccessError {
  readonly code = 'FORBIDDEN';
  constructor(
    override readonly reason: RefusalReason,
    message: string,
    /**
     * The municipality that owns the lab, when the caller is another municipality: whom to ask
     * (with `requestSharing`) for the access it lacks.
     */
    readonly owner?: string,
  ) {
    super(message);
  }

  override details(): Readonly<Record<string, unknown>> {
    return this.owner !== undefined ? { owner: this.owner } : {};
  }
}

/** Why an action was refused to this caller. */
export type ActionRefusal =
  'ROLE_NOT_ALLOWED' | 'NOT_THE_OWNER' | 'OWN_REQUEST' | 'NOT_THE_REQUESTER';

/** The caller's role (or identity) may not perform this action. */
export class ActionForbiddenError extends AccessError {
  readonly code = 'FORBIDDEN';
  constructor(
    message: string,
    override readonly reason: ActionRefusal = 'ROLE_NOT_ALLOWED',
  ) {
    super(message);
  }
}

export class InvalidInputError extends AccessError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    message: string,
    /** The input field at fault, when one is (e.g. `purpose`). */
    override readonly field?: string,
    /** A machine-readable reason, when the code alone does not say (e.g. `OWN_LAB`). */
    override readonly reason?: string,
  ) {
    super(message);
  }
}

/** A sharing request that was already decided, withdrawn or has expired: `reason` says which. */
export class RequestNotOpenError extends AccessError {
  readonly code = 'REQUEST_NOT_OPEN';
  override readonly reason: string;
  constructor(status: string, message: string) {
    super(message);
    this.reason = status.toUpperCase();
  }
}

export class NotFoundError extends AccessError {
  readonly code = 'NOT_FOUND';
  constructor(message: string) {
    super(message);
  }
}

/** The token was revoked while a subscription was running. */
export class TokenRevokedError extends AccessError {
  readonly code = 'TOKEN_REVOKED';
  constructor() {
    super('the token of this subscription was revoked; ask your administrator for a new one');
  }
}
