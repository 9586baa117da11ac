import { loadFromLog, type LogFollower, type LogSubscription } from '@hub/event-store';
import type { EventStore, RecordedEvent } from '@hub/event-store';
import { ACCESS_EVENT_TYPES, TOKEN_REVOKED, type TokenRevoked } from '../domain/access-events.js';
import { AccessState } from '../domain/access-state.js';

/**
 * The hub's live view of tokens, municipalities, lab owners and agreements: loaded from the log
 * at start, then fed by the hub's `LogFollower`. Commands append to the log and wait until the
 * view has applied their event, so the next request already sees it (read your writes) and every
 * hub process that follows the same log agrees.
 */
export class AccessDirectory {
  readonly state = new AccessState();
  private readonly revocationListeners = new Set<(tokenId: string) => void>();
  private subscription: LogSubscription | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly follower: LogFollower,
  ) {}

  async start(): Promise<void> {
    if (this.subscription) return;
    const after = await loadFromLog(
      this.store,
      { after: this.state.position, eventTypes: ACCESS_EVENT_TYPES },
      (event) => this.state.apply(event),
    );
    this.subscription = this.follower.register({
      name: 'access-directory',
      after,
      eventTypes: ACCESS_EVENT_TYPES,
      handle: (events) => this.applyLive(events),
    });
  }

  stop(): Promise<void> {
    this.subscription?.close();
    this.subscription = undefined;
    return Promise.resolve();
  }

  /** Called with the token id whenever a token is revoked (ends its live subscriptions). */
  onTokenRevoked(listener: (tokenId: string) => void): () => void {
    this.revocationListeners.add(listener);
    return () => this.revocationListeners.delete(listener);
  }

  /** Resolves once the view has applied the event at `position` (or after `timeoutMs`). */
  async waitForPosition(position: number, timeoutMs = 5000): Promise<void> {
    if (this.state.position >= position) return;
    await this.subscription?.waitForPosition(position, timeoutMs);
  }

  private applyLive(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      // A batch fed again after a failure: what was applied already is skipped.
      if (event.position <= this.state.position) continue;
      this.state.apply(event);
      if (event.type === TOKEN_REVOKED) {
        const { tokenId } = event.data as TokenRevoked;
        for (const listener of this.revocationListeners) listener(tokenId);
      }
    }
  }
}
