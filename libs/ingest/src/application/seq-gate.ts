import type { EventStore } from '@hub/event-store';
import { readingStreamId, type ReadingRecorded, type RuleVersions } from '@hub/contracts';
import { isWindowedKind } from '../domain/windowed-kind.js';
import { SeqTracker } from './seq-tracker.js';
import { judgeAgainstStored } from './stored-duplicate.js';
import { durably } from './store-failure.js';

/** A valid message as the gate sees it: its device, kind, seq and a digest of its body. */
export interface GatedMessage {
  readonly lab: string;
  readonly lamppost: string;
  readonly kind: string;
  readonly seq: number;
  readonly body: Buffer;
}

/** Held while a new message is filtered and appended; `release` it in a `finally`. */
export interface GatePass {
  /** Call only once the message's outcome is durable, so a failed append can be retried. */
  remember(): void;
  release(): void;
}

export type GateDecision =
  | { readonly verdict: 'new'; readonly pass: GatePass }
  | { readonly verdict: 'duplicate' | 'conflict' };

/**
 * Decides whether a message is new, a resend (duplicate) or a seq reused with another body
 * (conflict). A message with the same seq still being appended decides first: a resend then
 * counts as a duplicate, a different body as a conflict. Then the latest seq in memory per device
 * and kind; an older seq of a windowed kind is a duplicate (its window has moved on). The memory
 * knows nothing after a restart: facts whose ids derive from the seq are also judged against the
 * log itself (`againstLog`).
 */
export class SeqGate {
  private readonly seqs = new SeqTracker();
  /** Messages being appended, by device, kind and seq. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly store: EventStore,
    /** Resolves the rule of stored compact readings (decision 0013). */
    private readonly rules?: RuleVersions,
  ) {}

  async enter(message: GatedMessage): Promise<GateDecision> {
    const seqKey = `${message.lab}/${message.lamppost}/${message.kind}`;
    const { seq } = message;
    const digest = SeqTracker.digest(message.body);
    const flightKey = `${seqKey}#${seq}`;
    for (
      let earlier = this.inFlight.get(flightKey);
      earlier;
      earlier = this.inFlight.get(flightKey)
    ) {
      await earlier;
    }
    const seen = this.seqs.check(seqKey, seq, digest);
    if (seen === 'duplicate') return { verdict: 'duplicate' };
    if (seen === 'older' && isWindowedKind(message.kind)) return { verdict: 'duplicate' };
    if (seen === 'conflict') return { verdict: 'conflict' };

    let settle: () => void = () => undefined;
    this.inFlight.set(flightKey, new Promise<void>((resolve) => (settle = resolve)));
    return {
      verdict: 'new',
      pass: {
        remember: () => this.seqs.remember(seqKey, seq, digest),
        release: () => {
          this.inFlight.delete(flightKey);
          settle();
        },
      },
    };
  }

  /** Judges facts whose ids derive from the seq against the log (a store failure is a StoreFailure). */
  async againstLog(
    direct: readonly { readonly id: string; readonly data: ReadingRecorded }[],
  ): Promise<'new' | 'duplicate' | 'conflict'> {
    if (direct.length === 0) return 'new';
    const stored = await durably(() =>
      Promise.all(direct.map((f) => this.store.findEvent(readingStreamId(f.data), f.id))),
    );
    return judgeAgainstStored(direct, stored, this.rules);
  }
}
