/**
 * Wakes in-process subscribers after a commit. It carries no events: a woken subscriber reads
 * the log by position, so a slow subscriber holds no buffer and never slows the writer.
 */
export class CommitSignal {
  private waiters = new Set<() => void>();

  notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves at the next commit, on abort, or after `maxWaitMs` (a safety poll). */
  wait(signal: AbortSignal | undefined, maxWaitMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }
}
