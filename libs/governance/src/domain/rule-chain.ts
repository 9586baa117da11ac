import { hashCanonical } from '@hub/privacy';
import type { ChainLink } from './rule-events.js';

/** The previous hash of a lab's first rule event. */
export const GENESIS_HASH = '0'.repeat(64);

/** A stored rule event as the chain sees it (what the store returned, not what the hub believes). */
export interface ChainEvent {
  readonly id: string;
  readonly type: string;
  readonly revision: number;
  readonly position: number;
  readonly data: unknown;
}

/** Hash of an event's content: its type and data without the chain link. */
export function contentHash(type: string, data: object): string {
  const content: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  delete content.chain;
  return hashCanonical({ type, data: content });
}

/** Hash of a whole stored event (content and link): what the next event points to. */
export const eventHash = (type: string, data: unknown): string => hashCanonical({ type, data });

/** The link for a new event appended after `previous` (or first in its chain). */
export function linkAfter(
  previous: { type: string; data: unknown } | undefined,
  type: string,
  data: object,
): ChainLink {
  return {
    contentHash: contentHash(type, data),
    previousHash: previous ? eventHash(previous.type, previous.data) : GENESIS_HASH,
  };
}

export interface ChainBreak {
  /** 0-based index of the first event that does not check out (its stream revision). */
  readonly revision: number;
  readonly position: number;
  readonly eventId: string;
  readonly type: string;
  readonly reason: string;
}

export interface ChainVerification {
  readonly events: number;
  readonly intact: boolean;
  /** The first break; later events are not trusted either. */
  readonly break?: ChainBreak;
  /** Hash of the last event: an anchor to compare with a copy kept elsewhere. */
  readonly head?: string;
}

const chainOf = (data: unknown): ChainLink | undefined => {
  const chain = (data as { chain?: ChainLink } | null)?.chain;
  return chain && typeof chain.contentHash === 'string' && typeof chain.previousHash === 'string'
    ? chain
    : undefined;
};

/**
 * Checks one lab's chain in stream order: every event's content still matches its stored hash,
 * every event points to the one before it, and no event is missing in between.
 */
export function verifyChain(events: readonly ChainEvent[]): ChainVerification {
  let previous: ChainEvent | undefined;
  for (const [index, event] of events.entries()) {
    const fail = (reason: string): ChainVerification => ({
      events: events.length,
      intact: false,
      break: {
        revision: event.revision,
        position: event.position,
        eventId: event.id,
        type: event.type,
        reason,
      },
    });
    const expectedRevision = previous ? previous.revision + 1 : 0;
    if (event.revision !== expectedRevision) {
      return fail(
        `event missing: expected revision ${expectedRevision}, found ${event.revision} (index ${index})`,
      );
    }
    const link = chainOf(event.data);
    if (!link) return fail('no chain link: the event carries no content or previous hash');
    if (typeof event.data !== 'object' || event.data === null) return fail('content unreadable');
    const actual = contentHash(event.type, event.data);
    if (actual !== link.contentHash) {
      return fail(
        `content changed: its hash is ${actual.slice(0, 12)}..., the chain recorded ${link.contentHash.slice(0, 12)}...`,
      );
    }
    const expectedPrevious = previous ? eventHash(previous.type, previous.data) : GENESIS_HASH;
    if (link.previousHash !== expectedPrevious) {
      return fail(
        `link broken: it points to ${link.previousHash.slice(0, 12)}..., the previous event hashes to ${expectedPrevious.slice(0, 12)}...`,
      );
    }
    previous = event;
  }
  return {
    events: events.length,
    intact: true,
    ...(previous && { head: eventHash(previous.type, previous.data) }),
  };
}
