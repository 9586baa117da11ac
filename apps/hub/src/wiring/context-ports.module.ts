import { type DynamicModule, Global, Module } from '@nestjs/common';
import { RULES_IN_FORCE, type RulesInForce } from '@hub/feeds';
import type { RuleStats } from '@hub/privacy';
import {
  FILTER_CONTROL,
  SAMPLE_SOURCE,
  type FilterControl,
  type SampleSource,
} from '@hub/governance';
import { IngestModule, IngestService, PRIVACY_GATE, type PrivacyGate } from '@hub/ingest';
import { sampleBodies } from '../../../../simulators/scheveningen/sample-bodies.js';

/**
 * Binds the ports feeds and governance declare to the contexts that serve them, so those
 * contexts import neither ingest nor the simulators (docs/architecture.md, "Import rules").
 * Global, like the registry's DEVICE_ACCESS: a context module asks for a port by its token.
 */
@Global()
@Module({})
export class ContextPortsModule {
  /**
   * `totalsKeptElsewhere`: on the API's thread, asks the broker's thread for the node's filter
   * totals as it keeps them (decision 0022); governance answers with them and records none.
   */
  static forRoot(totalsKeptElsewhere?: () => Promise<Record<string, RuleStats>>): DynamicModule {
    return {
      module: ContextPortsModule,
      imports: [IngestModule],
      providers: [
        {
          provide: RULES_IN_FORCE,
          inject: [PRIVACY_GATE],
          useFactory:
            (gate: PrivacyGate): RulesInForce =>
            (lab) =>
              gate.filter.ruleSet(lab),
        },
        {
          provide: FILTER_CONTROL,
          inject: [PRIVACY_GATE, IngestService],
          useFactory: (gate: PrivacyGate, ingest: IngestService): FilterControl => ({
            install: async (ruleSets) => {
              const closed = gate.filter.replaceRuleSets(ruleSets);
              if (closed.length > 0) await ingest.storeWindowFacts(closed);
            },
            stats: () => gate.filter.stats(),
            ...(totalsKeptElsewhere && { totalsKeptElsewhere }),
          }),
        },
        { provide: SAMPLE_SOURCE, useValue: sampleBodies satisfies SampleSource },
      ],
      exports: [RULES_IN_FORCE, FILTER_CONTROL, SAMPLE_SOURCE],
    };
  }
}
