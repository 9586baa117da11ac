import type { Principal } from '../principal.js';
import { ActionForbiddenError, RequestNotOpenError } from './access-errors.js';
import type { RequestActor, SharingRequested } from './access-events.js';
import { samePerson } from './same-person.js';

/**
 * A sharing request: municipality B asks the owner of a lab for an agreement. It is open until
 * the owner's privacy officer (or an admin) approves or declines it, B withdraws it, or it
 * expires. Each request is decided at most once; the decision is bound to an identity.
 */
export interface SharingRequest extends SharingRequested {
  /** Log position of the request. */
  readonly position: number;
  decision?:
    | {
        readonly outcome: 'approved';
        readonly agreementId: string;
        readonly note?: string;
        readonly at: string;
        readonly by: RequestActor;
      }
    | {
        readonly outcome: 'declined';
        readonly reason: string;
        readonly at: string;
        readonly by: RequestActor;
      }
    | { readonly outcome: 'withdrawn'; readonly at: string; readonly by: RequestActor };
}

export type SharingRequestStatus = 'open' | 'approved' | 'declined' | 'withdrawn' | 'expired';
export const SHARING_REQUEST_STATUSES: readonly SharingRequestStatus[] = [
  'open',
  'approved',
  'declined',
  'withdrawn',
  'expired',
];

/** An open request may be decided for 30 days (or until the period asked for ends, if sooner). */
export const REQUEST_OPEN_MS = 30 * 86_400_000;
/** Open requests one municipality may have at a time: enough for real use, bounded for the log. */
export const MAX_OPEN_REQUESTS = 50;
/** Longest purpose, legal basis, approval note and decline reason. */
export const MAX_REQUEST_TEXT = 500;
/** The legal basis asked for when the requester names none (as hubctl's grant default). */
export const DEFAULT_LEGAL_BASIS = 'public task (GDPR art. 6(1)(e))';

export function requestStatus(r: SharingRequest, nowMs: number): SharingRequestStatus {
  if (r.decision) return r.decision.outcome;
  return nowMs >= Date.parse(r.expiresAt) ? 'expired' : 'open';
}

/** When a request made at `nowMs` for an agreement until `untilMs` stops being decidable. */
export const requestExpiry = (nowMs: number, untilMs: number): string =>
  new Date(Math.min(nowMs + REQUEST_OPEN_MS, untilMs)).toISOString();

export const actorOf = (p: Principal): RequestActor => ({
  subject: p.subject,
  tokenId: p.tokenId,
  ...(p.holder !== undefined && { holder: p.holder }),
});

/** Municipality tokens and their privacy officers ask; partners and admins do not. */
export function assertMayRequest(principal: Principal): string {
  if (
    (principal.role === 'municipality' || principal.role === 'privacy-officer') &&
    principal.municipality
  ) {
    return principal.municipality;
  }
  throw new ActionForbiddenError(
    `a ${principal.role} token cannot request sharing; a municipality or its privacy officer asks for its municipality`,
  );
}

/**
 * Who decides a request: the privacy officer of the lab's owner, or an admin; never the person
 * or token that asked (a holder with tokens in two municipalities cannot approve itself). Also
 * refuses a request that is no longer open. Pure: the caller passes the time.
 */
export function assertMayDecide(principal: Principal, r: SharingRequest, nowMs: number): void {
  if (principal.role !== 'admin') {
    if (principal.role !== 'privacy-officer') {
      throw new ActionForbiddenError(
        `only a privacy officer of "${r.owner}" (or an admin) decides sharing requests; this is a ${principal.role} token`,
      );
    }
    if (principal.municipality !== r.owner) {
      throw new ActionForbiddenError(
        `request ${r.requestId} is for lab "${r.lab}" of "${r.owner}"; only its privacy officer (or an admin) decides it`,
        'NOT_THE_OWNER',
      );
    }
  }
  if (samePerson(principal, r.requestedBy)) {
    throw new ActionForbiddenError(
      `request ${r.requestId} was made by you; someone else decides it`,
      'OWN_REQUEST',
    );
  }
  assertOpen(r, nowMs, 'decided');
}

/** Only the requesting municipality (its token or its officer) withdraws, and only while open. */
export function assertMayWithdraw(principal: Principal, r: SharingRequest, nowMs: number): void {
  const mine =
    (principal.role === 'municipality' || principal.role === 'privacy-officer') &&
    principal.municipality === r.requester;
  if (!mine) {
    throw new ActionForbiddenError(
      `only "${r.requester}", who asked, may withdraw request ${r.requestId}`,
      'NOT_THE_REQUESTER',
    );
  }
  assertOpen(r, nowMs, 'withdrawn');
}

/** Refuses a request that is no longer open, saying what became of it. */
export function assertOpen(r: SharingRequest, nowMs: number, action: string): void {
  const status = requestStatus(r, nowMs);
  if (status === 'open') return;
  const when =
    status === 'expired'
      ? `expired at ${r.expiresAt}`
      : `was ${status} at ${r.decision?.at ?? '?'}`;
  throw new RequestNotOpenError(
    status,
    `request ${r.requestId} ${when}; it cannot be ${action} any more`,
  );
}
