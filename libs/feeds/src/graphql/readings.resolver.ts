import { Inject } from '@nestjs/common';
import { Args, Context, Int, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { Principal } from '@hub/access';
import { encodeCursor } from '../application/cursor.js';
import { FeedService } from '../application/feed-service.js';
import type { ReadingView } from '../application/reading-view.js';
import { ReadingConnection } from './reading-connection.model.js';
import { ReadingFilter } from './reading-filter.input.js';
import { Reading } from './reading.model.js';

const readingCache = new WeakMap<ReadingView, Reading>();
/** One GraphQL object per reading, shared by every subscriber it is delivered to. */
export const toReading = (view: ReadingView): Reading => {
  let reading = readingCache.get(view);
  if (!reading) {
    reading = {
      cursor: encodeCursor(view.position),
      lab: view.lab,
      lamppost: view.lamppost,
      kind: view.kind,
      observedAt: new Date(view.observedAt),
      values: view.values,
      rule: view.rule,
      transforms: [...view.transforms],
      intervalSeconds: view.intervalSeconds,
    };
    readingCache.set(view, reading);
  }
  return reading;
};

@Resolver(() => Reading)
export class ReadingsResolver {
  constructor(@Inject(FeedService) private readonly feeds: FeedService) {}

  @Query(() => ReadingConnection, {
    name: 'readings',
    description:
      'Reading history in log order. Forwards: `first` and `after` (pageInfo.endCursor); backwards: `last` and `before` (pageInfo.startCursor). Page size is capped. ' +
      'With `from`/`to`, a page examines a bounded number of readings (HUB_HISTORY_SCAN_LIMIT per lab and kind); it may then come back short, even empty, with hasPreviousPage (backwards) or hasNextPage (forwards) and a cursor to go on from.',
  })
  async readingHistory(
    @Context('principal') principal: Principal,
    @Args('filter', { type: () => ReadingFilter, nullable: true }) filter?: ReadingFilter,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('last', { type: () => Int, nullable: true }) last?: number,
    @Args('before', { type: () => String, nullable: true }) before?: string,
  ): Promise<ReadingConnection> {
    const page = await this.feeds.readings(principal, filter ?? {}, {
      first: first ?? undefined,
      after: after ?? undefined,
      last: last ?? undefined,
      before: before ?? undefined,
    });
    const edges = page.items.map((view) => ({
      cursor: encodeCursor(view.position),
      node: toReading(view),
    }));
    // A page the scan limit cut short goes on from where its walk stopped, edges or not.
    const resume = page.resumeAt === undefined ? undefined : encodeCursor(page.resumeAt);
    const backwards = last !== undefined || before !== undefined;
    return {
      edges,
      pageInfo: {
        startCursor: (backwards ? resume : undefined) ?? edges[0]?.cursor ?? null,
        endCursor: (backwards ? undefined : resume) ?? edges.at(-1)?.cursor ?? null,
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
      },
    };
  }

  @Subscription(() => Reading, {
    name: 'readings',
    description:
      'Readings after `after` (or from the start of the log), then live, in log order, with no gap and no duplicate. ' +
      'To resume after a disconnect or a hub restart, resubscribe with the cursor of the last reading received. ' +
      'Ends with an error when the token is revoked, when an agreement it relies on ends, or when the subscriber falls too far behind.',
    // The stream yields the event's view (one object per event, shared by its subscribers) and
    // this maps it, so an event is made a Reading once whatever the number of subscribers.
    resolve: (view: ReadingView) => toReading(view),
  })
  async readingStream(
    @Context('principal') principal: Principal,
    @Args('filter', { type: () => ReadingFilter, nullable: true }) filter?: ReadingFilter,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<AsyncGenerator<ReadingView>> {
    return this.feeds.live(principal, filter ?? {}, after ?? undefined);
  }
}
