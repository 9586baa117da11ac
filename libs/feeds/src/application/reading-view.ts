import { storedAudiencesOf } from '@hub/access';
import type { RuleStamp, StoredAudience } from '@hub/contracts';

/** A reading as the feeds serve it (framework-free shape behind the GraphQL type). */
export interface ReadingView {
  readonly position: number;
  readonly lab: string;
  readonly lamppost: string;
  readonly kind: string;
  readonly observedAt: string;
  readonly values: Record<string, unknown>;
  /** Who may see it: `owner` (exact, the lab's owner), `shared` (the noisy twin), `any` (both). */
  readonly audience: Audience;
  /** The privacy rule set version that produced it. */
  readonly rule: RuleStamp;
  readonly transforms: readonly string[];
  readonly intervalSeconds: number;
}

export type Audience = StoredAudience;

/** The owner's view (exact values) and everyone else's: decided in @hub/access's audience module. */
export const OWNER_AUDIENCES: readonly Audience[] = storedAudiencesOf('exact');
export const SHARED_AUDIENCES: readonly Audience[] = storedAudiencesOf('shared');

export interface ReadingQuery {
  readonly lab?: string;
  readonly lamppost?: string;
  readonly kind?: string;
  readonly from?: Date;
  readonly to?: Date;
}

export function matches(view: ReadingView, q: ReadingQuery): boolean {
  if (q.lab !== undefined && view.lab !== q.lab) return false;
  if (q.lamppost !== undefined && view.lamppost !== q.lamppost) return false;
  if (q.kind !== undefined && view.kind !== q.kind) return false;
  if (q.from !== undefined && view.observedAt < q.from.toISOString()) return false;
  if (q.to !== undefined && view.observedAt >= q.to.toISOString()) return false;
  return true;
}
