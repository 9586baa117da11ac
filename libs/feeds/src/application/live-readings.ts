import type { EventStore, RecordedEvent } from '@hub/event-store';
import { READING_RECORDED, type ReadingRecorded } from '@hub/ingest';
import { matches, type ReadingQuery, type ReadingView } from './reading-view.js';

export const toReadingView = (event: RecordedEvent): ReadingView => {
  const r = event.data as ReadingRecorded;
  return {
    position: event.position,
    lab: r.lab,
    lamppost: r.lamppost,
    kind: r.kind,
    observedAt: r.observedAt,
    values: r.values,
  };
};

/**
 * A live feed is a read of the event log from a cursor: catch up after `after`, then follow new
 * events, in log order, with no gap and no duplicate (the store's subscribeToAll guarantees the
 * switch). Ends when the consumer stops iterating.
 */
export async function* liveReadings(
  store: EventStore,
  query: ReadingQuery,
  after: number | undefined,
): AsyncGenerator<ReadingView> {
  const abort = new AbortController();
  try {
    for await (const event of store.subscribeToAll({
      after,
      eventTypes: [READING_RECORDED],
      signal: abort.signal,
    })) {
      const view = toReadingView(event);
      if (matches(view, query)) yield view;
    }
  } finally {
    abort.abort();
  }
}
