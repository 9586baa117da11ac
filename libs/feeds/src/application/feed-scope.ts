import {
  FeedForbiddenError,
  agreementFor,
  authorizeLab,
  coverage,
  visibleLabs,
  type AccessState,
  type Agreement,
  type LabGrant,
  type Principal,
  type SharingLevel,
} from '@hub/access';
import type { LabScopes } from '../read-model/readings-query.js';
import {
  OWNER_AUDIENCES,
  SHARED_AUDIENCES,
  type Audience,
  type ReadingQuery,
} from './reading-view.js';

/** Which labs and kinds one read may touch: everything (admins) or a list of lab grants. */
export interface FeedScope {
  readonly all: boolean;
  readonly grants: ReadonlyMap<string, LabGrant>;
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
  let grants: LabGrant[];
  if (query.lab !== undefined) {
    grants = [
      authorizeLab(
        state,
        principal,
        query.lab,
        query.kind ? [query.kind] : undefined,
        level,
        nowMs,
      ),
    ];
  } else {
    const known = principal.lab !== undefined ? [principal.lab] : [];
    grants = visibleLabs(state, principal, level, nowMs, known).filter(
      (g) => query.kind === undefined || g.kinds === 'all' || g.kinds.has(query.kind),
    );
    if (principal.role === 'privacy-officer') {
      // Same refusal as for a named lab: this role reads no feeds at all.
      authorizeLab(state, principal, '-', undefined, level, nowMs);
    }
  }
  const agreements = [
    ...new Set(
      grants.flatMap((g) =>
        g.basis === 'agreement'
          ? g.agreements.filter((a) => query.kind === undefined || a.kinds.includes(query.kind))
          : [],
      ),
    ),
  ];
  return { all: false, grants: new Map(grants.map((g) => [g.lab, g])), agreements };
}

/** SQL-ready list of (lab, kinds) pairs; kinds undefined means every kind of that lab. */
export function scopeFilter(scope: FeedScope): LabScopes {
  if (scope.all) return undefined;
  return [...scope.grants.values()].map((g) =>
    g.kinds === 'all'
      ? { lab: g.lab, audiences: audiencesOf(g) }
      : { lab: g.lab, kinds: [...g.kinds], audiences: audiencesOf(g) },
  );
}

/**
 * Readings shared under an agreement are the rule's `shared` copies (noisy where the rule adds
 * noise); the owner, its partners and admins get the exact `owner` copies.
 */
const audiencesOf = (grant: LabGrant): readonly Audience[] =>
  grant.basis === 'agreement' ? SHARED_AUDIENCES : OWNER_AUDIENCES;

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
  if (scope.all) return OWNER_AUDIENCES.includes(audience);
  const grant = scope.grants.get(lab);
  if (!grant) return false;
  if (!audiencesOf(grant).includes(audience)) return false;
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
