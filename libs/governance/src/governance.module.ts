import {
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { AccessDirectory } from '@hub/access';
import { RULE_VERSIONS, type RuleVersionBook } from '@hub/contracts';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { EVENT_STORE, jobLeaseFor, LogFollower, type EventStore } from '@hub/event-store';
import { hubLogger } from '@hub/ops';
import { FilterStatsRecorder } from './application/filter-stats-recorder.js';
import { GovernanceRuntime } from './application/governance-runtime.js';
import { readRuleFiles } from './application/rule-files.js';
import { RuleLifecycle } from './application/rule-lifecycle.js';
import { AuditService } from './application/audit-service.js';
import { FILTER_CONTROL, type FilterControl } from './application/filter-control.port.js';
import { SensorRegister } from './application/sensor-register.js';
import { AuditResolver } from './graphql/audit.resolver.js';
import { DryRunResolver } from './graphql/dry-run.resolver.js';
import { LabDirectoryResolver } from './graphql/lab-directory.resolver.js';
import { RegisterController } from './http/register.controller.js';
import { RuleLifecycleResolver } from './graphql/rule-lifecycle.resolver.js';

/**
 * At start (before the MQTT listener opens): reads the rule history, records shipped rule files
 * of new labs as their first version, hands the active versions to the filter, follows the log
 * for rule events of other nodes, and starts the activation (role `timers`) and statistics
 * timers. At shutdown: stops them, records the final statistics and stops following the log.
 */
@Injectable()
export class GovernanceBoot implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    @Inject(RuleLifecycle) private readonly lifecycle: RuleLifecycle,
    @Inject(FilterStatsRecorder) private readonly stats: FilterStatsRecorder,
    @Inject(GovernanceRuntime) private readonly runtime: GovernanceRuntime,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(SensorRegister) private readonly register: SensorRegister,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.lifecycle.load();
    await this.lifecycle.bootstrap(readRuleFiles(this.config.privacy.rulesDir));
    await this.lifecycle.publishActiveNow();
    await this.stats.load();
    // Rule events other nodes on the same log append reach this node's filter from here on.
    this.lifecycle.follow();
    await this.register.start();
    this.runtime.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
    this.register.stop();
    await this.lifecycle.stop();
  }
}

/**
 * Needs FILTER_CONTROL (the running privacy filter) and SAMPLE_SOURCE (the dry run's preset
 * samples) from the app's wiring: governance imports neither ingest nor the simulators.
 */
@Module({
  controllers: [RegisterController],
  providers: [
    {
      provide: RuleLifecycle,
      inject: [
        EVENT_STORE,
        LogFollower,
        AccessDirectory,
        FILTER_CONTROL,
        { token: RULE_VERSIONS, optional: true },
      ],
      useFactory: (
        store: EventStore,
        follower: LogFollower,
        directory: AccessDirectory,
        filter: FilterControl,
        book?: RuleVersionBook,
      ) => {
        const logger = hubLogger(new Logger('governance'));
        return new RuleLifecycle({
          store,
          follower,
          book,
          ownerOf: (lab) => directory.state.labOwners.get(lab),
          logger,
          // Windows open under the old version are closed and stored under it; the switch itself
          // is one synchronous call, so every reading is filtered wholly by one version.
          onActiveChanged: async (ruleSets) => {
            await filter.install(ruleSets);
            logger.info('privacy rules in force', {
              ruleSets: ruleSets.map((r) => `${r.lab}:${r.id}@${r.version}`),
            });
          },
        });
      },
    },
    {
      provide: FilterStatsRecorder,
      inject: [EVENT_STORE, FILTER_CONTROL, HUB_CONFIG],
      useFactory: (store: EventStore, filter: FilterControl, config: HubConfig) =>
        new FilterStatsRecorder(store, () => filter.stats(), config.nodeId, {
          keptElsewhere: filter.totalsKeptElsewhere,
        }),
    },
    {
      provide: GovernanceRuntime,
      inject: [RuleLifecycle, FilterStatsRecorder, EVENT_STORE, HUB_CONFIG],
      useFactory: (
        lifecycle: RuleLifecycle,
        stats: FilterStatsRecorder,
        store: EventStore,
        config: HubConfig,
      ) =>
        new GovernanceRuntime(
          lifecycle,
          stats,
          config.roles.timers ? jobLeaseFor(store, 'rule-activation') : undefined,
          hubLogger(new Logger('governance')),
        ),
    },
    {
      provide: AuditService,
      inject: [EVENT_STORE, RuleLifecycle, FilterStatsRecorder, AccessDirectory],
      useFactory: (
        store: EventStore,
        lifecycle: RuleLifecycle,
        stats: FilterStatsRecorder,
        directory: AccessDirectory,
      ) => new AuditService(store, lifecycle, stats, directory),
    },
    {
      provide: SensorRegister,
      inject: [EVENT_STORE, LogFollower, RuleLifecycle],
      useFactory: (store: EventStore, follower: LogFollower, lifecycle: RuleLifecycle) =>
        new SensorRegister(store, follower, lifecycle),
    },
    GovernanceBoot,
    RuleLifecycleResolver,
    AuditResolver,
    DryRunResolver,
    LabDirectoryResolver,
  ],
  exports: [RuleLifecycle, FilterStatsRecorder],
})
export class GovernanceModule {}
