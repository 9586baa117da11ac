import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import {
  EVENT_STORE,
  createEventStore,
  jobLeaseFor,
  LogFollower,
  scheduleRetention,
  type EventStore,
  type JobLease,
} from '@hub/event-store';
import { hubLogger } from '@hub/ops';
import { RULE_VERSIONS, RuleVersionBook } from '@hub/contracts';

/** Hourly: expired events (per stream retention metadata) are removed and the removal recorded. */
const RETENTION_EVERY_MS = 60 * 60 * 1000;

/**
 * Starts the one log follower before the other modules' init (their consumers register with it
 * as they load: the registry in its factory, access and governance in `onModuleInit`, the live
 * tail at bootstrap); runs retention while the hub runs (on nodes with the `timers` role; on a
 * shared log, on the one holding the retention lease). At shutdown, after every consumer left
 * (`beforeApplicationShutdown`), stops the follower and closes the log last (flushing pending
 * appends).
 */
@Injectable()
class EventStoreLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private stopRetention: () => void = () => undefined;
  private lease: JobLease | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LogFollower) private readonly follower: LogFollower,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  onModuleInit(): void {
    this.follower.start();
  }

  onApplicationBootstrap(): void {
    if (!this.config.roles.timers) return;
    this.lease = jobLeaseFor(this.store, 'retention');
    this.stopRetention = scheduleRetention(this.store, {
      intervalMs: RETENTION_EVERY_MS,
      logger: hubLogger(new Logger('retention')),
      lease: this.lease,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopRetention();
    await this.lease?.close();
    await this.follower.stop();
    await this.store.close();
  }
}

/**
 * Binds the event-store port to the adapter chosen by HUB_EVENT_STORE, or to `given` (the API's
 * thread reads the log with its own connection and writes it through the broker's thread,
 * decision 0022); the node's one log follower; the book of stamped rule versions (RULE_VERSIONS)
 * that governance fills from the log and the readers of compact readings resolve them with
 * (decision 0013).
 */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(given?: EventStore): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        given
          ? { provide: EVENT_STORE, useValue: given }
          : {
              provide: EVENT_STORE,
              inject: [HUB_CONFIG],
              useFactory: (config: HubConfig) =>
                createEventStore(config.eventStore, hubLogger(new Logger('event-store'))),
            },
        {
          provide: LogFollower,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) =>
            new LogFollower({ store, logger: hubLogger(new Logger('log-follower')) }),
        },
        { provide: RULE_VERSIONS, useValue: new RuleVersionBook() },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE, LogFollower, RULE_VERSIONS],
    };
  }
}
