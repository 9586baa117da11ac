import type { RecordedEvent } from '@hub/event-store';
import {
  UnknownRuleVersionError,
  decodeReading,
  type ReadingRecorded,
  type RuleVersions,
} from '@hub/contracts';

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
 * The stored fact as a reading, or `other-rule` when it names a rule version this node's book
 * does not hold: not the version this node's filter uses (that one is in the book before any
 * reading is filtered with it), so the rule changed since and the stored fact stays as it was.
 */
function storedFact(event: RecordedEvent, rules?: RuleVersions): ReadingRecorded | 'other-rule' {
  try {
    return decodeReading(event, rules);
  } catch (error) {
    if (error instanceof UnknownRuleVersionError) return 'other-rule';
    throw error;
  }
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
  rules?: RuleVersions,
): StoredVerdict {
  const found = stored.filter((e) => e !== undefined).length;
  if (found === 0) return 'new';
  if (found !== facts.length) return 'conflict';
  return facts.every((fact, i) => {
    const before = storedFact(stored[i]!, rules);
    return before === 'other-rule' || sameFact(before, fact.data);
  })
    ? 'duplicate'
    : 'conflict';
}
