import type { Principal } from '../principal.js';
import { FeedForbiddenError, type RefusalReason } from './access-errors.js';
import type { SharingLevel } from './access-events.js';
import { agreementStatus, type AccessState, type Agreement } from './access-state.js';

/** How the caller may read one lab: all kinds (admin, owner, partner) or the kinds of agreements. */
export type LabGrant =
  | { readonly lab: string; readonly basis: 'admin' | 'owner' | 'partner'; readonly kinds: 'all' }
  | {
      readonly lab: string;
      readonly basis: 'agreement';
      readonly kinds: ReadonlySet<string>;
      /** The active agreements that give access, each with the kinds it shares. */
      readonly agreements: readonly Agreement[];
    };

/** What a read at `level` of `lab` may see, for each kind: the agreement that covers it, if any. */
export function agreementFor(grant: LabGrant, kind: string): Agreement | undefined {
  return grant.basis === 'agreement'
    ? grant.agreements.find((a) => a.kinds.includes(kind))
    : undefined;
}

const refuse = (reason: RefusalReason, message: string): never => {
  throw new FeedForbiddenError(reason, message);
};

/**
 * The refusal of another municipality's lab: it names the owner (`extensions.owner`), whom the
 * caller may ask for the access it lacks with `requestSharing`.
 */
const askOwner =
  (owner: string) =>
  (reason: RefusalReason, message: string): never => {
    throw new FeedForbiddenError(
      reason,
      `${message}; ask "${owner}" for access with requestSharing`,
      owner,
    );
  };

/** Whether an agreement at `has` allows a read at `wanted`: readings include aggregates. */
const levelAllows = (has: SharingLevel, wanted: SharingLevel): boolean =>
  has === 'readings' || wanted === 'aggregates';

/**
 * Decides whether `principal` may read `lab` (optionally only `kinds`) at `level` now. Throws a
 * FeedForbiddenError naming what is missing; never grants an empty view silently.
 */
export function authorizeLab(
  state: AccessState,
  principal: Principal,
  lab: string,
  kinds: readonly string[] | undefined,
  level: SharingLevel,
  nowMs: number,
): LabGrant {
  switch (principal.role) {
    case 'admin':
      return { lab, basis: 'admin', kinds: 'all' };
    case 'partner':
      if (principal.lab === lab) return { lab, basis: 'partner', kinds: 'all' };
      return refuse(
        'ROLE_NOT_ALLOWED',
        `a partner token of lab "${principal.lab ?? '?'}" cannot read lab "${lab}"`,
      );
    case 'privacy-officer':
      return refuse(
        'ROLE_NOT_ALLOWED',
        'privacy-officer tokens read agreements and the feed access audit, not feeds',
      );
    case 'municipality':
      break;
    default: {
      const never: never = principal.role;
      return never;
    }
  }
  const me = principal.municipality ?? '';
  const owner = state.labOwners.get(lab);
  if (owner === undefined) {
    return refuse('UNKNOWN_LAB', `lab "${lab}" is not registered to any municipality`);
  }
  if (owner === me) return { lab, basis: 'owner', kinds: 'all' };
  // Every refusal from here on is another municipality's lab: it names whom to ask.
  const refuseAsking = askOwner(owner);

  const mine = [...state.agreements.values()].filter((a) => a.lab === lab && a.grantee === me);
  if (mine.length === 0) {
    return refuseAsking(
      'NO_AGREEMENT',
      `no sharing agreement gives municipality "${me}" lab "${lab}" (owned by "${owner}")`,
    );
  }
  const active = mine.filter((a) => agreementStatus(a, nowMs) === 'active');
  const wanted = kinds ?? [];
  const coversKinds = (a: Agreement) => wanted.every((k) => a.kinds.includes(k));
  const usable = active.filter((a) => levelAllows(a.level, level));
  if (usable.length > 0) {
    const missing = wanted.filter((k) => !usable.some((a) => a.kinds.includes(k)));
    if (missing.length === 0) {
      const granted =
        wanted.length > 0 ? usable.filter((a) => a.kinds.some((k) => wanted.includes(k))) : usable;
      return {
        lab,
        basis: 'agreement',
        kinds: new Set(
          granted.flatMap((a) => a.kinds).filter((k) => wanted.length === 0 || wanted.includes(k)),
        ),
        agreements: granted,
      };
    }
    if (
      active.some((a) => !levelAllows(a.level, level) && missing.every((k) => a.kinds.includes(k)))
    ) {
      return refuseAsking(
        'WRONG_LEVEL',
        `the agreement for lab "${lab}" kinds ${missing.join(', ')} shares aggregates only, not readings`,
      );
    }
    return kindRefusal(mine, missing, lab, nowMs, refuseAsking);
  }
  if (active.length > 0 && active.some(coversKinds)) {
    return refuseAsking(
      'WRONG_LEVEL',
      `the agreement for lab "${lab}" shares aggregates only, not readings; query aggregates instead`,
    );
  }
  return kindRefusal(mine, wanted, lab, nowMs, refuseAsking);
}

/** The most telling reason for kinds that no active agreement covers. */
function kindRefusal(
  mine: readonly Agreement[],
  kinds: readonly string[],
  lab: string,
  nowMs: number,
  refuseAsking: (reason: RefusalReason, message: string) => never,
): never {
  const relevant =
    kinds.length === 0 ? mine : mine.filter((a) => kinds.some((k) => a.kinds.includes(k)));
  if (relevant.length === 0) {
    return refuseAsking(
      'KIND_NOT_SHARED',
      `no agreement for lab "${lab}" shares kind ${kinds.join(', ')}`,
    );
  }
  const latest = relevant.reduce((a, b) => (b.grantedPosition > a.grantedPosition ? b : a));
  const status = agreementStatus(latest, nowMs);
  if (status === 'revoked') {
    return refuseAsking(
      'AGREEMENT_REVOKED',
      `the agreement ${latest.id} for lab "${lab}" was revoked at ${latest.revokedAt ?? '?'}`,
    );
  }
  return refuseAsking(
    'AGREEMENT_EXPIRED',
    `the agreement ${latest.id} for lab "${lab}" expired at ${latest.until}`,
  );
}

/** Every lab the caller may read at `level` now (for queries without a lab filter and "what can I see"). */
export function visibleLabs(
  state: AccessState,
  principal: Principal,
  level: SharingLevel,
  nowMs: number,
  knownLabs: Iterable<string>,
): LabGrant[] {
  const labs = new Set<string>(knownLabs);
  for (const lab of state.labOwners.keys()) labs.add(lab);
  const grants: LabGrant[] = [];
  for (const lab of [...labs].sort()) {
    try {
      grants.push(authorizeLab(state, principal, lab, undefined, level, nowMs));
    } catch (error) {
      if (!(error instanceof FeedForbiddenError)) throw error;
    }
  }
  return grants;
}

/**
 * Per-event check inside a running stream: does the agreement still cover a reading recorded at
 * `recordedAt`, at log position `position`? Returns the refusal reason when it does not.
 */
export function coverage(
  agreement: Agreement,
  position: number,
  recordedAt: string,
): 'covered' | 'AGREEMENT_EXPIRED' | 'AGREEMENT_REVOKED' {
  if (agreement.revokedPosition !== undefined && position > agreement.revokedPosition) {
    return 'AGREEMENT_REVOKED';
  }
  if (Date.parse(recordedAt) >= Date.parse(agreement.until)) return 'AGREEMENT_EXPIRED';
  return 'covered';
}
