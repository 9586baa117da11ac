import { type DynamicModule, Module } from '@nestjs/common';
import type { EventStore } from '@hub/event-store';
import type { RuleStats } from '@hub/privacy';
import { AccessModule } from '@hub/access';
import { HubConfigModule, type HubConfig } from '@hub/config';
import { FeedsModule } from '@hub/feeds';
import { GovernanceModule } from '@hub/governance';
import { IngestModule } from '@hub/ingest';
import { LoggingModule, MetricsModule } from '@hub/ops';
import { RegistryModule } from '@hub/registry';
import { ConsoleModule } from './console/console.module.js';
import { ContextPortsModule } from './wiring/context-ports.module.js';
import { HealthModule } from './health/health.module.js';
import { EventStoreModule } from './wiring/event-store.module.js';
import { HubGraphQLModule } from './wiring/graphql.module.js';

/** What the API's thread is given instead of its own (decision 0022); nothing on the main thread. */
export interface ApiThreadParts {
  /** The log as the API's thread sees it: its own reads, writes through the broker's thread. */
  readonly eventStore?: EventStore;
  /** Asks the broker's thread for the node's filter totals. */
  readonly filterTotals?: () => Promise<Record<string, RuleStats>>;
}

/**
 * The hub: one module per bounded context, wired to the configuration validated at boot and to
 * this node's roles (HUB_ROLES).
 */
@Module({})
export class AppModule {
  static forRoot(config: HubConfig, thread: ApiThreadParts = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        HubConfigModule.forRoot(config),
        LoggingModule.forRoot(config.logLevel),
        MetricsModule,
        AccessModule,
        EventStoreModule.forRoot(thread.eventStore),
        RegistryModule,
        IngestModule,
        ContextPortsModule.forRoot(thread.filterTotals),
        GovernanceModule,
        // Without the `api` role (HUB_ROLES) the node serves no GraphQL and no console; its HTTP
        // server still answers /health (and MQTT over WebSocket with `ingest`). Nor does it keep
        // a read side that nothing on it reads: no read models (no projection or query thread),
        // no live tail. Another node serves them, and read models are rebuilt from the log.
        ...(config.roles.api ? [FeedsModule, HubGraphQLModule] : []),
        HealthModule,
        ...(config.roles.api ? [ConsoleModule.forRoot(config)] : []),
      ],
    };
  }
}
