import { randomUUID } from 'node:crypto';
import type { EventStore } from '@hub/event-store';
import { FEED_ACCESSED, feedAccessStream, type FeedAccessed } from '../domain/access-events.js';
import type { Agreement } from '../domain/access-state.js';
import type { Principal } from '../principal.js';

/**
 * Records who read a shared feed under which agreement: one event per query or subscription
 * start (not per reading), awaited before any data is served, so no read goes unattributed.
 */
export class FeedAccessRecorder {
  constructor(
    private readonly store: EventStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async record(
    principal: Principal,
    agreements: readonly Agreement[],
    kinds: ReadonlySet<string> | undefined,
    operation: string,
  ): Promise<void> {
    const at = this.clock().toISOString();
    await Promise.all(
      agreements.map((a) => {
        const data: FeedAccessed = {
          agreementId: a.id,
          lab: a.lab,
          kinds: kinds ? a.kinds.filter((k) => kinds.has(k)) : [...a.kinds],
          level: a.level,
          grantee: a.grantee,
          tokenId: principal.tokenId,
          subject: principal.subject,
          operation,
          at,
        };
        return this.store.appendToStream(feedAccessStream(a.id), [
          { id: randomUUID(), type: FEED_ACCESSED, data },
        ]);
      }),
    );
  }

  /** Every recorded access under one agreement, oldest first. */
  async list(agreementId: string, limit: number): Promise<FeedAccessed[]> {
    const events = await this.store.readStream(feedAccessStream(agreementId), { maxCount: limit });
    return events.map((e) => e.data as FeedAccessed);
  }
}
