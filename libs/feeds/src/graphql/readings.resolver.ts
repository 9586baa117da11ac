import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver, Subscription } from '@nestjs/graphql';
import { encodeCursor } from '../application/cursor.js';
import { FeedService } from '../application/feed-service.js';
import type { ReadingView } from '../application/reading-view.js';
import { ReadingConnection } from './reading-connection.model.js';
import { ReadingFilter } from './reading-filter.input.js';
import { Reading } from './reading.model.js';
import { toGraphQLError } from './to-graphql-error.js';

const toReading = (view: ReadingView): Reading => ({
  cursor: encodeCursor(view.position),
  lab: view.lab,
  lamppost: view.lamppost,
  kind: view.kind,
  observedAt: new Date(view.observedAt),
  values: view.values,
});

@Resolver(() => Reading)
export class ReadingsResolver {
  constructor(@Inject(FeedService) private readonly feeds: FeedService) {}

  @Query(() => ReadingConnection, {
    name: 'readings',
    description:
      'Reading history in log order. Pass pageInfo.endCursor as `after` for the next page.',
  })
  async readingHistory(
    @Args('filter', { type: () => ReadingFilter, nullable: true }) filter?: ReadingFilter,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ReadingConnection> {
    try {
      const page = await this.feeds.readings(filter ?? {}, first ?? undefined, after ?? undefined);
      const edges = page.items.map((view) => ({
        cursor: encodeCursor(view.position),
        node: toReading(view),
      }));
      return {
        edges,
        pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage: page.hasNextPage },
      };
    } catch (error) {
      throw toGraphQLError(error);
    }
  }

  @Subscription(() => Reading, {
    name: 'readings',
    description:
      'Readings after `after` (or from the start of the log), then live, in log order, with no gap and no duplicate. ' +
      'To resume after a disconnect, resubscribe with the cursor of the last reading received.',
    resolve: (value: Reading) => value,
  })
  readingStream(
    @Args('filter', { type: () => ReadingFilter, nullable: true }) filter?: ReadingFilter,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): AsyncGenerator<Reading> {
    let source: AsyncGenerator<ReadingView>;
    try {
      source = this.feeds.live(filter ?? {}, after ?? undefined);
    } catch (error) {
      throw toGraphQLError(error);
    }
    return (async function* () {
      for await (const view of source) yield toReading(view);
    })();
  }
}
