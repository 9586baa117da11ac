import { createHash, type Hash } from 'node:crypto';
import type { RecordedEvent } from '@hub/event-store';
import { canonicalJson } from '@hub/privacy';

/**
 * What a copy preserves, hence what its hash covers:
 * - `verbatim` (to SQLite or PostgreSQL): everything the port returns, positions and recorded
 *   times included;
 * - `append` (to EventStoreDB, which assigns its own positions and times): id, stream, revision,
 *   type, data and metadata, in the source's order.
 */
export type CopyMode = 'verbatim' | 'append';

/**
 * A running SHA-256 over the log in `$all` order, one canonical JSON line per event (keys
 * sorted, see canonicalJson), computed the same way on both sides of a copy. Holds no events.
 */
export class LogDigest {
  private readonly hash: Hash = createHash('sha256');
  private n = 0;
  private last = 0;

  constructor(private readonly mode: CopyMode) {}

  add(event: RecordedEvent): void {
    const line = {
      id: event.id,
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      ...(this.mode === 'verbatim' && {
        position: event.position,
        recordedAt: event.recordedAt,
      }),
    };
    this.hash.update(canonicalJson(line) + '\n', 'utf8');
    this.n += 1;
    this.last = event.position;
  }

  get count(): number {
    return this.n;
  }

  /** Position of the last event added (0: none). */
  get lastPosition(): number {
    return this.last;
  }

  /** Hash of everything added so far (hex); adding more afterwards continues the same hash. */
  hex(): string {
    return this.hash.copy().digest('hex');
  }
}
