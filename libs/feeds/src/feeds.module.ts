import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type Database from 'better-sqlite3';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { EVENT_STORE, ProjectionRunner, type EventStore } from '@hub/event-store';
import { FeedService } from './application/feed-service.js';
import { ReadingsResolver } from './graphql/readings.resolver.js';
import { ReadingsQuery } from './read-model/readings-query.js';
import { openReadModelDb } from './read-model/read-model-db.js';
import { FEED_PROJECTIONS } from './read-model/feed-projections.js';

export const READ_MODEL_DB = Symbol('READ_MODEL_DB');

/** Keeps the feeds' read models following the log while the hub runs. */
@Injectable()
export class ReadModelLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(READ_MODEL_DB) private readonly db: Database.Database,
  ) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    this.db.close();
  }
}

@Module({
  providers: [
    {
      provide: READ_MODEL_DB,
      inject: [HUB_CONFIG],
      useFactory: (config: HubConfig) => openReadModelDb(config.readModels.file),
    },
    {
      provide: ProjectionRunner,
      inject: [EVENT_STORE, READ_MODEL_DB],
      useFactory: (store: EventStore, db: Database.Database) =>
        new ProjectionRunner({ store, db, projections: FEED_PROJECTIONS }),
    },
    {
      provide: FeedService,
      inject: [EVENT_STORE, READ_MODEL_DB, ProjectionRunner],
      useFactory: (store: EventStore, db: Database.Database, runner: ProjectionRunner) =>
        new FeedService(
          store,
          new ReadingsQuery(db),
          async (position, timeoutMs) => {
            await runner.waitForPosition(position, timeoutMs);
          },
          { defaultPageSize: 100, maxPageSize: 1000, catchUpWaitMs: 2000 },
        ),
    },
    ReadModelLifecycle,
    ReadingsResolver,
  ],
  exports: [FeedService, ProjectionRunner],
})
export class FeedsModule {}
