import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { EVENT_STORE, createEventStore, type EventStore } from '@hub/event-store';

/** Closes the log last, after ingest and read models have stopped (flushes pending appends). */
@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Binds the event-store port to the adapter chosen by HUB_EVENT_STORE. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [HUB_CONFIG],
      useFactory: (config: HubConfig) => createEventStore(config.eventStore),
    },
    EventStoreLifecycle,
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule {}
