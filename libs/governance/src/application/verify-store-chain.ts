import type { EventStore, RecordedEvent } from '@hub/event-store';
import { verifyChain, type ChainVerification } from '../domain/rule-chain.js';
import { ruleStream } from '../domain/rule-events.js';

const PAGE = 1000;

export interface LabChainReport extends ChainVerification {
  readonly lab: string;
}

/** What is known elsewhere about the chain's end: a chain cut off at the end still links up. */
export interface KnownChainEnd {
  /** Revision of the last rule event known to exist (-1: none). */
  readonly revision: number;
  /** Who knows it, for the reason ("this hub has seen", "the source log holds"). */
  readonly knownBy: string;
}

/**
 * Verifies one lab's rule chain from what the store holds now, through the port (any adapter):
 * the offline check of `hubctl store copy` on a copied log, and RuleLifecycle.verifyLab's for a
 * running hub.
 */
export async function verifyStoredChain(
  store: EventStore,
  lab: string,
  known: KnownChainEnd,
): Promise<LabChainReport> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readStream(ruleStream(lab), {
      fromRevision: events.length === 0 ? 0 : events[events.length - 1].revision + 1,
      maxCount: PAGE,
    });
    events.push(...page);
    if (page.length < PAGE) break;
  }
  const report = verifyChain(events);
  const last = events.length > 0 ? events[events.length - 1].revision : -1;
  if (report.intact && last < known.revision) {
    return {
      lab,
      events: events.length,
      intact: false,
      break: {
        revision: last + 1,
        position: 0,
        eventId: '',
        type: '',
        reason: `events missing at the end: ${known.knownBy} revision ${known.revision}, the last event stored is ${last < 0 ? 'none' : last}`,
      },
    };
  }
  return { lab, ...report };
}
