import type { RecordedEvent } from '@hub/event-store';
import type { ReadingRecorded } from '@hub/contracts';

/** What a message whose event ids are already in the log is. */
export type StoredVerdict = 'new' | 'duplicate' | 'conflict';

/**
 * The parts of a stored fact that a resend of the same body reproduces exactly. Left out:
 * `receivedAt` (the time of this delivery), the values of a `shared` fact (noised afresh each
 * time) and everything when the rule changed since (the stored fact stays as it was stored).
 */
function sameFact(stored: ReadingRecorded, fresh: ReadingRecorded): boolean {
  if (stored.rule.hash !== fresh.rule.hash) return true;
  const comparable = (r: ReadingRecorded) =>
    JSON.stringify([
      r.kind,
      r.seq,
      r.location,
      r.observedAt,
      r.intervalSeconds,
      r.audience,
      r.audience === 'shared' ? Object.keys(r.values).sort() : r.values,
    ]);
  return comparable(stored) === comparable(fresh);
}

/**
 * Invariant: a message whose derived event ids are already stored is either a true resend (every
 * fact it yields matches the stored one: acknowledge, store nothing) or a different body that
 * reused a seq (DUPLICATE_CONFLICT), decided against the log, not only against the latest seq in
 * memory. Differences the privacy filter erases (below its rounding, inside its time bucket) leave
 * nothing to tell apart and count as a resend: the stored fact is what the new body would store.
 */
export function judgeAgainstStored(
  facts: readonly { readonly data: ReadingRecorded }[],
  stored: readonly (RecordedEvent | undefined)[],
): StoredVerdict {
  const found = stored.filter((e) => e !== undefined).length;
  if (found === 0) return 'new';
  if (found !== facts.length) return 'conflict';
  return facts.every((fact, i) => sameFact(stored[i]!.data as ReadingRecorded, fact.data))
    ? 'duplicate'
    : 'conflict';
}
