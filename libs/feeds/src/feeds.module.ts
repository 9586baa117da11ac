import {
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type Database from 'better-sqlite3';
import { AccessDirectory, FeedAccessRecorder } from '@hub/access';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { HubMetrics, hubLogger } from '@hub/ops';
import { RULE_VERSIONS, type RuleVersionBook } from '@hub/contracts';
import { EVENT_STORE, LogFollower, ProjectionRunner, type EventStore } from '@hub/event-store';
import { AggregateService } from './application/aggregate-service.js';
import { FeedService, STREAM_EVENT_TYPES } from './application/feed-service.js';
import { LiveSessions } from './application/live-sessions.js';
import { LiveTail } from './application/live-tail.js';
import { ensureNoiseKey } from './application/noise-key.js';
import { ruleSetPolicy } from './application/rule-set-policy.js';
import { RULES_IN_FORCE, type RulesInForce } from './application/rules-in-force.port.js';
import { DeviceHealthQuery } from './device-health/device-health-query.js';
import { DeviceHealthResolver } from './device-health/device-health.resolver.js';
import { FeedsResolver } from './graphql/feeds.resolver.js';
import { ReadingsResolver } from './graphql/readings.resolver.js';
import { SharedResultStats } from './graphql/shared-results/shared-result-stats.js';
import { HourlyAggregatesQuery } from './read-model/hourly-aggregates-query.js';
import { LampostsQuery } from './read-model/lampposts-query.js';
import { ReadingsQuery } from './read-model/readings-query.js';
import { openReadModelDb } from './read-model/read-model-db.js';
import { FEED_PROJECTIONS } from './read-model/feed-projections.js';
import { InProcessProjections } from './read-model/in-process-projections.js';
import { ProjectionThread } from './read-model/projection-thread.js';
import { Projections } from './read-model/projections.port.js';
import { InProcessQueries } from './read-model/in-process-queries.js';
import { QueryThread } from './read-model/query-thread.js';
import { ReadQueries } from './read-model/read-queries.port.js';

export const READ_MODEL_DB = Symbol('READ_MODEL_DB');

/** A worker thread needs a log it can open itself: not an in-memory SQLite file. */
const onWorkerThread = (config: HubConfig): boolean =>
  config.readModels.projectionsThread === 'worker' &&
  !(config.eventStore.kind === 'sqlite' && config.eventStore.sqlite.file === ':memory:');

/** Keeps the read models and the live tail following the log while the hub runs. */
@Injectable()
export class ReadModelLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(Projections) private readonly projections: Projections,
    @Inject(ReadQueries) private readonly queries: ReadQueries,
    @Inject(READ_MODEL_DB) private readonly db: Database.Database,
    @Inject(LiveTail) private readonly tail: LiveTail,
    @Inject(LiveSessions) private readonly sessions: LiveSessions,
    @Inject(AccessDirectory) private readonly directory: AccessDirectory,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.projections.start(await this.store.headPosition());
    this.queries.start();
    await this.tail.start();
    this.unsubscribe = this.directory.onTokenRevoked((tokenId) => this.sessions.revoke(tokenId));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await this.tail.stop();
    await this.queries.stop();
    await this.projections.stop();
    this.db.close();
  }
}

/** Needs RULES_IN_FORCE from the app's wiring: feeds does not import ingest. */
@Module({
  providers: [
    {
      provide: READ_MODEL_DB,
      inject: [HUB_CONFIG],
      useFactory: (config: HubConfig) => openReadModelDb(config.readModels.file),
    },
    {
      provide: Projections,
      inject: [EVENT_STORE, READ_MODEL_DB, HUB_CONFIG, LogFollower],
      useFactory: (
        store: EventStore,
        db: Database.Database,
        config: HubConfig,
        follower: LogFollower,
      ): Projections => {
        const logger = hubLogger(new Logger('projections'));
        const runner = new ProjectionRunner({ store, db, projections: FEED_PROJECTIONS, logger });
        if (!onWorkerThread(config)) return new InProcessProjections(runner, follower);
        // Tables and checkpoints exist (and a changed projection is reset) before the first
        // query; from then on the worker writes the read models and this connection only reads.
        runner.checkpoint(FEED_PROJECTIONS[0].name);
        db.pragma('query_only = ON');
        return new ProjectionThread({
          eventStore: config.eventStore,
          readModelsFile: config.readModels.file,
          logger,
        });
      },
    },
    {
      provide: LiveTail,
      inject: [EVENT_STORE, LogFollower, HUB_CONFIG],
      // The ring holds twice a subscriber's allowance, so a subscriber is closed for being
      // slow before the ring would have dropped what it still needs.
      useFactory: (store: EventStore, follower: LogFollower, config: HubConfig) =>
        new LiveTail(store, follower, STREAM_EVENT_TYPES, config.feeds.subscriberBuffer * 2),
    },
    { provide: LiveSessions, useValue: new LiveSessions() },
    {
      provide: ReadQueries,
      inject: [READ_MODEL_DB, HUB_CONFIG],
      useFactory: (db: Database.Database, config: HubConfig): ReadQueries =>
        config.readModels.queriesThread === 'worker' && config.readModels.file !== ':memory:'
          ? new QueryThread({
              readModelsFile: config.readModels.file,
              historyScanLimit: config.feeds.historyScanLimit,
              maxPending: config.readModels.queriesMaxPending,
              logger: hubLogger(new Logger('queries')),
            })
          : new InProcessQueries(
              new ReadingsQuery(db, config.feeds.historyScanLimit),
              new HourlyAggregatesQuery(db),
            ),
    },
    {
      provide: LampostsQuery,
      inject: [READ_MODEL_DB],
      useFactory: (db: Database.Database) => new LampostsQuery(db),
    },
    {
      provide: FeedService,
      inject: [
        EVENT_STORE,
        ReadQueries,
        Projections,
        AccessDirectory,
        FeedAccessRecorder,
        LiveTail,
        LiveSessions,
        HUB_CONFIG,
        { token: RULE_VERSIONS, optional: true },
        { token: HubMetrics, optional: true },
      ],
      useFactory: (
        store: EventStore,
        queries: ReadQueries,
        projections: Projections,
        directory: AccessDirectory,
        recorder: FeedAccessRecorder,
        tail: LiveTail,
        sessions: LiveSessions,
        config: HubConfig,
        ruleVersions?: RuleVersionBook,
        metrics?: HubMetrics,
      ) =>
        new FeedService(
          {
            store,
            ruleVersions,
            history: queries,
            waitForProjection: async (position, timeoutMs) => {
              await projections.waitForPosition(position, timeoutMs);
            },
            readModelCheckpoint: () => projections.checkpoint,
            historyReadBy: (answeredBy) => metrics?.historyReads.inc({ answered_by: answeredBy }),
            directory,
            recorder,
            tail,
            sessions,
          },
          {
            defaultPageSize: Math.min(100, config.feeds.maxPageSize),
            maxPageSize: config.feeds.maxPageSize,
            catchUpWaitMs: 2000,
            maxBacklog: config.feeds.subscriberBuffer,
          },
        ),
    },
    {
      provide: AggregateService,
      inject: [
        EVENT_STORE,
        ReadQueries,
        Projections,
        AccessDirectory,
        FeedAccessRecorder,
        LiveSessions,
        HUB_CONFIG,
        RULES_IN_FORCE,
        LiveTail,
        { token: RULE_VERSIONS, optional: true },
        { token: HubMetrics, optional: true },
      ],
      useFactory: (
        store: EventStore,
        queries: ReadQueries,
        projections: Projections,
        directory: AccessDirectory,
        recorder: FeedAccessRecorder,
        sessions: LiveSessions,
        config: HubConfig,
        rulesInForce: RulesInForce,
        tail: LiveTail,
        ruleVersions?: RuleVersionBook,
        metrics?: HubMetrics,
      ) =>
        new AggregateService({
          store,
          counts: queries,
          waitForProjection: async (position, timeoutMs) => {
            await projections.waitForPosition(position, timeoutMs);
          },
          tail,
          ruleVersions,
          readBy: (answeredBy) => metrics?.historyReads.inc({ answered_by: answeredBy }),
          directory,
          recorder,
          sessions,
          // The rules in force (governance's active version, installed in the filter).
          policy: ruleSetPolicy(rulesInForce, {
            k: config.feeds.aggregateK,
            epsilon: config.feeds.aggregateEpsilon,
          }),
          noiseKey: ensureNoiseKey(config.dataDir),
        }),
    },
    { provide: SharedResultStats, useFactory: () => new SharedResultStats() },
    {
      provide: DeviceHealthQuery,
      inject: [READ_MODEL_DB],
      useFactory: (db: Database.Database) => new DeviceHealthQuery(db),
    },
    ReadModelLifecycle,
    ReadingsResolver,
    FeedsResolver,
    DeviceHealthResolver,
  ],
  exports: [
    FeedService,
    AggregateService,
    Projections,
    ReadQueries,
    LiveTail,
    LiveSessions,
    SharedResultStats,
  ],
})
export class FeedsModule {}
