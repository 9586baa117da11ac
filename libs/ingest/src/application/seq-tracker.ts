import { hash } from 'node:crypto';

export type SeqVerdict = 'new' | 'duplicate' | 'conflict' | 'older';

/**
 * Remembers the last stored `seq` and a digest of its body per device and kind (memory: one entry
 * per device and kind). A resend of the last message is a duplicate; the same seq with another
 * body is a conflict the device should hear about. After a restart this memory is empty: stored
 * readings are still deduplicated by their event id.
 */
export class SeqTracker {
  private readonly last = new Map<string, { seq: number; digest: string }>();

  static digest(body: Buffer): string {
    return hash('sha1', body, 'base64');
  }

  check(key: string, seq: number, digest: string): SeqVerdict {
    const previous = this.last.get(key);
    if (!previous) return 'new';
    if (seq === previous.seq) return digest === previous.digest ? 'duplicate' : 'conflict';
    return seq < previous.seq ? 'older' : 'new';
  }

  /** Call only once the message's outcome is durable, so a failed append can be retried. */
  remember(key: string, seq: number, digest: string): void {
    const previous = this.last.get(key);
    if (!previous || seq >= previous.seq) this.last.set(key, { seq, digest });
  }
}
