import type { EventStore } from '@hub/event-store';
import { decodeCursor } from './cursor.js';
import { PageSizeError } from './feed-errors.js';
import { liveReadings } from './live-readings.js';
import type { ReadingQuery, ReadingView } from './reading-view.js';

export interface FeedOptions {
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  /** How long a history query waits for the read model to reach the log's head (read your writes). */
  readonly catchUpWaitMs: number;
}

export interface ReadingsHistory {
  page(q: ReadingQuery, after: number | undefined, limit: number): ReadingView[];
}

export interface ReadingsPage {
  readonly items: readonly ReadingView[];
  readonly hasNextPage: boolean;
}

/** Feeds use cases: history pages from the read model, live streams from the log. */
export class FeedService {
  constructor(
    private readonly store: EventStore,
    private readonly history: ReadingsHistory,
    private readonly waitForProjection: (position: number, timeoutMs: number) => Promise<void>,
    private readonly options: FeedOptions,
  ) {}

  async readings(
    q: ReadingQuery,
    first: number | undefined,
    after: string | undefined,
  ): Promise<ReadingsPage> {
    const limit = first ?? this.options.defaultPageSize;
    if (!Number.isInteger(limit) || limit < 1 || limit > this.options.maxPageSize) {
      throw new PageSizeError(limit, this.options.maxPageSize);
    }
    const cursor = decodeCursor(after);
    await this.waitForProjection(await this.store.headPosition(), this.options.catchUpWaitMs);
    const rows = this.history.page(q, cursor, limit + 1);
    return { items: rows.slice(0, limit), hasNextPage: rows.length > limit };
  }

  live(q: ReadingQuery, after: string | undefined): AsyncGenerator<ReadingView> {
    return liveReadings(this.store, q, decodeCursor(after));
  }
}
