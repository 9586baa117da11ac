interface Waiter {
  readonly position: number;
  done(reached: boolean): void;
}

/**
 * Callers waiting until a follower of the log has applied a position (read your writes). Each
 * waiter has its own timer; it resolves true once `reached` passes its position, false on its
 * timeout or when the follower ends (`endAll`).
 */
export class PositionWaiters {
  private readonly waiters = new Set<Waiter>();

  wait(position: number, timeoutMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        position,
        done: (reached) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => waiter.done(false), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Resolves every waiter whose position is at or below `applied`. */
  reached(applied: number): void {
    for (const waiter of [...this.waiters]) if (waiter.position <= applied) waiter.done(true);
  }

  /** Resolves every waiter with false: the follower stopped. */
  endAll(): void {
    for (const waiter of [...this.waiters]) waiter.done(false);
  }
}
