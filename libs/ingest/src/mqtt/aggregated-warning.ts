import type { HubLogger } from '@hub/contracts';

interface Pending {
  readonly fields: object;
  suppressed: number;
  readonly examples: string[];
  readonly timer: NodeJS.Timeout;
}

const EXAMPLES = 5;

/**
 * Logs a repeated warning at most twice per key and window: the first occurrence at once, then
 * (if more came) one summary with how many were suppressed and a few examples. A client can make
 * the hub refuse things as fast as it can send them; one log line per refusal would let it fill
 * the disk (100,000 refused filters wrote 14 MB of log before this).
 */
export class AggregatedWarning {
  private readonly open = new Map<string, Pending>();

  constructor(
    private readonly logger: HubLogger,
    private readonly message: string,
    private readonly windowMs: number,
  ) {}

  /** `example` is a short detail (e.g. the refused filter) kept for the summary. */
  note(key: string, fields: object, example: string): void {
    const pending = this.open.get(key);
    if (pending) {
      pending.suppressed++;
      if (pending.examples.length < EXAMPLES) pending.examples.push(example);
      return;
    }
    this.logger.warn(this.message, { ...fields, example });
    const timer = setTimeout(() => this.flush(key), this.windowMs);
    timer.unref();
    this.open.set(key, { fields, suppressed: 0, examples: [], timer });
  }

  /** Writes the pending summaries now (on shutdown). */
  flushAll(): void {
    for (const key of [...this.open.keys()]) this.flush(key);
  }

  private flush(key: string): void {
    const pending = this.open.get(key);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.open.delete(key);
    if (pending.suppressed === 0) return;
    this.logger.warn(`${this.message} (summary of repeats)`, {
      ...pending.fields,
      suppressed: pending.suppressed,
      windowMs: this.windowMs,
      examples: pending.examples,
    });
  }
}
