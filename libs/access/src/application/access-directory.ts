import type { EventStore } from '@hub/event-store';
import { ACCESS_EVENT_TYPES, TOKEN_REVOKED, type TokenRevoked } from '../domain/access-events.js';
import { AccessState } from '../domain/access-state.js';

const PAGE = 1000;

/**
 * The hub's live view of tokens, municipalities, lab owners and agreements: loaded from the log
 * at start, then following it. Commands append to the log and wait until the view has applied
 * their event, so the next request already sees it (read your writes) and every hub process
 * that follows the same log agrees.
 */
export class AccessDirectory {
  readonly state = new AccessState();
  private readonly revocationListeners = new Set<(tokenId: string) => void>();
  private readonly waiters = new Set<{ position: number; done: () => void }>();
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly store: EventStore) {}

  async start(): Promise<void> {
    if (this.loop) return;
    for (;;) {
      const page = await this.store.readAll({
        after: this.state.position,
        maxCount: PAGE,
        eventTypes: ACCESS_EVENT_TYPES,
      });
      for (const event of page) this.state.apply(event);
      if (page.length < PAGE) break;
    }
    this.controller = new AbortController();
    this.loop = this.follow(this.controller.signal);
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.loop = undefined;
    for (const w of this.waiters) w.done();
    this.waiters.clear();
  }

  /** Called with the token id whenever a token is revoked (ends its live subscriptions). */
  onTokenRevoked(listener: (tokenId: string) => void): () => void {
    this.revocationListeners.add(listener);
    return () => this.revocationListeners.delete(listener);
  }

  /** Resolves once the view has applied the event at `position` (or after `timeoutMs`). */
  waitForPosition(position: number, timeoutMs = 5000): Promise<void> {
    if (this.state.position >= position) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        position,
        done: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.done, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private async follow(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        for await (const event of this.store.subscribeToAll({
          after: this.state.position,
          eventTypes: ACCESS_EVENT_TYPES,
          signal,
        })) {
          this.state.apply(event);
          if (event.type === TOKEN_REVOKED) {
            const { tokenId } = event.data as TokenRevoked;
            for (const listener of this.revocationListeners) listener(tokenId);
          }
          for (const w of this.waiters) if (this.state.position >= w.position) w.done();
        }
      } catch {
        // The store is closing or failed for a moment: follow again from the last applied event.
        if (!signal.aborted) await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
}
