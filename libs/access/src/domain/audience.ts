import type { StoredAudience } from '@hub/contracts';
import type { Principal } from '../principal.js';
import { FeedForbiddenError, type RefusalReason } from './access-errors.js';
import type { SharingLevel } from './access-events.js';
import type { AccessState } from './access-state.js';
import { authorizeLab, visibleLabs, type LabGrant } from './authorize.js';

/**
 * THE audience decision. Invariant: every read the hub serves (queries and subscriptions, feeds
 * and audits) asks this module which copy it may serve; no resolver or service decides on its own.
 *
 * | who                                   | readings / latest             | hourly aggregates            |
 * | ------------------------------------- | ----------------------------- | ---------------------------- |
 * | admin, lab owner, the lab's partner   | exact (`owner` copy)          | exact counts                 |
 * | grantee, readings-level agreement     | shared copy (noisy/suppressed)| suppressed + Laplace noise   |
 * | grantee, aggregates-level agreement   | nothing (WRONG_LEVEL)         | suppressed + Laplace noise   |
 * | no agreement, other partner, officer  | nothing                       | nothing                      |
 *
 * Devices (list, presence, refusals): admins, the lab's partner and its owner (`mayReadDevices`);
 * managing them (provision, rotate, revoke): admins and the lab's partner (`mayManageLab`).
 */

/** Which copy of a lab's data a read serves: the owner's exact one or the shared one. */
export type Copy = 'exact' | 'shared';

/** The stored copies each served copy may read. Frozen: this table is the whole rule. */
const STORED_FOR: Readonly<Record<Copy, readonly StoredAudience[]>> = Object.freeze({
  exact: Object.freeze(['any', 'owner'] as const),
  shared: Object.freeze(['any', 'shared'] as const),
});

/** What one read of one lab may serve. */
export interface AudienceDecision {
  readonly lab: string;
  readonly level: SharingLevel;
  readonly copy: Copy;
  /** The stored audiences this read may return (derived from `copy`). */
  readonly stored: readonly StoredAudience[];
  readonly grant: LabGrant;
}

/** An admin, the owner and the lab's partner read the exact copy; a grantee the shared one. */
export const copyOf = (grant: LabGrant): Copy => (grant.basis === 'agreement' ? 'shared' : 'exact');

export const storedAudiencesOf = (copy: Copy): readonly StoredAudience[] => STORED_FOR[copy];

/** Whether a stored reading written for `stored` may be served as `copy`. */
export const serves = (copy: Copy, stored: StoredAudience): boolean =>
  STORED_FOR[copy].includes(stored);

const decision = (grant: LabGrant, level: SharingLevel): AudienceDecision => {
  const copy = copyOf(grant);
  return { lab: grant.lab, level, copy, stored: STORED_FOR[copy], grant };
};

/**
 * Decides what `principal` may read of `lab` (optionally only `kinds`) at `level` now, or throws
 * a FeedForbiddenError with the reason (never an empty success for an explicitly named lab).
 */
export function decideAudience(
  state: AccessState,
  principal: Principal,
  lab: string,
  kinds: readonly string[] | undefined,
  level: SharingLevel,
  nowMs: number,
): AudienceDecision {
  return decision(authorizeLab(state, principal, lab, kinds, level, nowMs), level);
}

/** Every lab `principal` may read at `level` now, each with its decision. */
export function visibleAudiences(
  state: AccessState,
  principal: Principal,
  level: SharingLevel,
  nowMs: number,
  knownLabs: Iterable<string>,
): AudienceDecision[] {
  return visibleLabs(state, principal, level, nowMs, knownLabs).map((g) => decision(g, level));
}

/** A refusal of an audit read: a code and a reason the caller can act on. */
export interface AuditRefusal {
  readonly reason: Extract<RefusalReason, 'ROLE_NOT_ALLOWED'> | 'OUT_OF_SCOPE' | 'HUB_WIDE';
  readonly message: string;
}

/**
 * Who may read (or run) a privacy audit. `target` is a lab with its owner, or `hub` for audits
 * over the whole hub (every lab's events, the hub's keyring, retention of every stream).
 * Invariant: an officer reads only audits of labs its municipality owns; hub-wide audits are for
 * admins; partners read only their lab's rule versions (`allowPartner`).
 */
export function decideAudit(
  principal: Principal,
  target: { readonly lab: string; readonly owner: string | undefined } | 'hub',
  what: string,
  allowPartner = false,
): AuditRefusal | undefined {
  if (principal.role === 'admin') return undefined;
  if (target === 'hub') {
    return {
      reason: principal.role === 'privacy-officer' ? 'HUB_WIDE' : 'ROLE_NOT_ALLOWED',
      message: `${what} over the whole hub is for admins; a ${principal.role} token may ask for one lab of its own (argument lab)`,
    };
  }
  if (allowPartner && principal.role === 'partner' && principal.lab === target.lab) {
    return undefined;
  }
  if (principal.role !== 'privacy-officer') {
    return {
      reason: 'ROLE_NOT_ALLOWED',
      message: `${what} of lab "${target.lab}" is for privacy officers of its municipality; this is a ${principal.role} token`,
    };
  }
  if (target.owner === undefined || principal.municipality !== target.owner) {
    return {
      reason: 'OUT_OF_SCOPE',
      message: `lab "${target.lab}" does not belong to "${principal.municipality ?? '?'}"`,
    };
  }
  return undefined;
}

/** Privacy officers read no feeds: agreements, audits and rules, never readings. */
export const readsNoFeeds = (principal: Principal): boolean => principal.role === 'privacy-officer';

/** Throws the feed refusal for a principal that reads no feeds at all (privacy officers). */
export function refuseFeedsFor(principal: Principal): void {
  if (readsNoFeeds(principal)) {
    throw new FeedForbiddenError(
      'ROLE_NOT_ALLOWED',
      'privacy-officer tokens read agreements and the feed access audit, not feeds',
    );
  }
}

/** Registers of the hub itself (all tokens, all municipalities): admins only. */
export const mayReadHubRegisters = (principal: Principal): boolean => principal.role === 'admin';

/** Device registers (labs, lampposts, credential status): admins, and the partner of the lab. */
export const mayManageLab = (principal: Principal, lab: string): boolean =>
  principal.role === 'admin' || (principal.role === 'partner' && principal.lab === lab);

/**
 * A lab's devices as they run (list, presence, last seen, refusals with reasons): admins, the
 * lab's partner, and the municipality that owns the lab (`owner`: undefined for an unknown lab).
 * No grantee, privacy officer or other partner: device health says nothing they may read.
 */
export const mayReadDevices = (
  principal: Principal,
  lab: string,
  owner: string | undefined,
): boolean =>
  mayManageLab(principal, lab) ||
  (principal.role === 'municipality' && owner !== undefined && principal.municipality === owner);

/**
 * The agreements a principal may list: admins all; a municipality or its privacy officer those it
 * gave (on its labs) or received; partners none (undefined: refused).
 */
export function agreementsVisibleTo<A extends { owner: string; grantee: string }>(
  principal: Principal,
  agreements: readonly A[],
  direction: 'given' | 'received' | 'all',
): A[] | undefined {
  if (principal.role === 'admin') return [...agreements];
  if (principal.role !== 'municipality' && principal.role !== 'privacy-officer') return undefined;
  const me = principal.municipality;
  return agreements.filter(
    (a) =>
      (direction !== 'received' && a.owner === me) || (direction !== 'given' && a.grantee === me),
  );
}

/** Who may read the reads under one agreement: admins and the two parties (municipality or officer). */
export const mayAuditAgreement = (
  principal: Principal,
  agreement: { owner: string; grantee: string },
): boolean =>
  principal.role === 'admin' ||
  ((principal.role === 'privacy-officer' || principal.role === 'municipality') &&
    (principal.municipality === agreement.owner || principal.municipality === agreement.grantee));

/**
 * The sharing requests a principal may list: admins all; a municipality or its privacy officer
 * those on its labs (incoming) or made by it (outgoing); partners none (undefined: refused).
 */
export function sharingRequestsVisibleTo<R extends { owner: string; requester: string }>(
  principal: Principal,
  requests: readonly R[],
  direction: 'incoming' | 'outgoing' | 'all',
): R[] | undefined {
  if (principal.role === 'admin') return [...requests];
  if (principal.role !== 'municipality' && principal.role !== 'privacy-officer') return undefined;
  const me = principal.municipality;
  return requests.filter(
    (r) =>
      (direction !== 'outgoing' && r.owner === me) ||
      (direction !== 'incoming' && r.requester === me),
  );
}

/**
 * The lab directory (each lab, its owner, its sensor kinds and public contact: what the public
 * sensor register already shows, never a reading): municipalities, their officers and admins,
 * who may ask each other for sharing. Partners work in one lab and ask nobody.
 */
export const mayDiscoverLabs = (principal: Principal): boolean =>
  principal.role === 'admin' ||
  principal.role === 'municipality' ||
  principal.role === 'privacy-officer';
