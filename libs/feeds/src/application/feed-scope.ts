import {
  FeedForbiddenError,
  agreementFor,
  coverage,
  decideAudience,
  refuseFeedsFor,
  serves,
  visibleAudiences,
  type AccessState,
  type Agreement,
  type AudienceDecision,
  type Principal,
  type SharingLevel,
} from '@hub/access';
import type { LabScopes } from '../read-model/readings-query.js';
import { OWNER_AUDIENCES, type Audience, type ReadingQuery } from './reading-view.js';

/**
 * Which labs, kinds and copies one read may touch: everything as the owner sees it (admins) or
 * one audience decision per lab (see @hub/access audience.ts: the only place that decides).
 */
export interface FeedScope {
  readonly all: boolean;
  readonly grants: ReadonlyMap<string, AudienceDecision>;
  /** The agreements this read relies on (for attribution and for ending streams). */
  readonly agreements: readonly Agreement[];
}

/**
 * Resolves the scope of a read of `query` at `level` by `principal` now. An explicitly named lab
 * or kind the caller may not read is refused with the reason (never an empty success).
 */
export function feedScope(
  state: AccessState,
  principal: Principal,
  query: Pick<ReadingQuery, 'lab' | 'kind'>,
  level: SharingLevel,
  nowMs: number,
): FeedScope {
  if (principal.role === 'admin') return { all: true, grants: new Map(), agreements: [] };
  let decisions: AudienceDecision[];
  if (query.lab !== undefined) {
    decisions = [
      decideAudience(
        state,
        principal,
        query.lab,
        query.kind ? [query.kind] : undefined,
        level,
        nowMs,
      ),
    ];
  } else {
    // Same refusal as for a named lab: this role reads no feeds at all.
    refuseFeedsFor(principal);
    const known = principal.lab !== undefined ? [principal.lab] : [];
    decisions = visibleAudiences(state, principal, level, nowMs, known).filter(
      (d) => query.kind === undefined || d.grant.kinds === 'all' || d.grant.kinds.has(query.kind),
    );
  }
  const agreements = [
    ...new Set(
      decisions.flatMap((d) =>
        d.grant.basis === 'agreement'
          ? d.grant.agreements.filter(
              (a) => query.kind === undefined || a.kinds.includes(query.kind),
            )
          : [],
      ),
    ),
  ];
  return { all: false, grants: new Map(decisions.map((d) => [d.lab, d])), agreements };
}

/** The kinds a decision allows: undefined for every kind. */
export const kindsOf = (d: AudienceDecision): readonly string[] | undefined =>
  d.grant.kinds === 'all' ? undefined : [...d.grant.kinds];

/**
 * SQL-ready list of (lab, kinds, stored audiences), kinds undefined meaning every kind of that
 * lab; or every lab with the owner's copy (admins).
 */
export function scopeFilter(scope: FeedScope): LabScopes {
  if (scope.all) return { everyLab: OWNER_AUDIENCES };
  return [...scope.grants.values()].map((d) => {
    const kinds = kindsOf(d);
    return kinds === undefined
      ? { lab: d.lab, audiences: d.stored }
      : { lab: d.lab, kinds, audiences: d.stored };
  });
}

/** The stored audiences a read of `lab` may return (admins: the owner's). */
export function storedFor(scope: FeedScope, lab: string): readonly Audience[] {
  if (scope.all) return OWNER_AUDIENCES;
  return scope.grants.get(lab)?.stored ?? [];
}

/**
 * Per-event decision inside a stream: true to deliver, false when the reading lies outside the
 * scope; throws when an agreement the stream relies on no longer covers it (expired or revoked
 * at that point of the log).
 */
export function inScope(
  scope: FeedScope,
  lab: string,
  kind: string,
  audience: Audience,
  position: number,
  recordedAt: string,
): boolean {
  if (scope.all) return serves('exact', audience);
  const decision = scope.grants.get(lab);
  if (!decision) return false;
  if (!serves(decision.copy, audience)) return false;
  const grant = decision.grant;
  if (grant.kinds === 'all') return true;
  if (!grant.kinds.has(kind)) return false;
  const agreement = agreementFor(grant, kind);
  if (!agreement) return false;
  const covered = coverage(agreement, position, recordedAt);
  if (covered === 'covered') return true;
  throw new FeedForbiddenError(
    covered,
    covered === 'AGREEMENT_EXPIRED'
      ? `the agreement ${agreement.id} for lab "${lab}" expired at ${agreement.until}; readings recorded from then on are not shared`
      : `the agreement ${agreement.id} for lab "${lab}" was revoked at ${agreement.revokedAt ?? '?'}`,
  );
}
