import type { RecordedEvent } from '../port/event.js';
import type { EventStore } from '../port/event-store.port.js';

export interface LoadFromLogOptions {
  /** Exclusive cursor: load the events after this position. */
  readonly after: number;
  readonly eventTypes: readonly string[];
  readonly pageSize?: number;
}

/**
 * Applies every event of `eventTypes` after `after`, page by page, and returns the position the
 * caller has now applied the log up to: its last event's, or the head of the log read before the
 * last page, whichever is higher. The head is read BEFORE the page: every event up to it was
 * committed and so is in that page if it has one of the types, so nothing is skipped; and a
 * consumer that starts at the head does not make the `LogFollower` re-read the log from its last
 * event (a rule or token event may be a million readings old).
 */
export async function loadFromLog(
  store: EventStore,
  options: LoadFromLogOptions,
  apply: (event: RecordedEvent) => void,
): Promise<number> {
  const pageSize = options.pageSize ?? 1000;
  let position = options.after;
  for (;;) {
    const head = await store.headPosition();
    const page = await store.readAll({
      after: position,
      maxCount: pageSize,
      eventTypes: options.eventTypes,
    });
    for (const event of page) apply(event);
    if (page.length > 0) position = page[page.length - 1].position;
    if (page.length < pageSize) return Math.max(position, head);
  }
}
