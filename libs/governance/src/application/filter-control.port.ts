import type { RuleSet, RuleStats } from '@hub/privacy';

/**
 * What governance needs of the running privacy filter, which the ingest context owns. The hub
 * binds this port to ingest's privacy gate (apps/hub/src/wiring/context-ports.module.ts), so
 * governance does not import ingest.
 */
export interface FilterControl {
  /**
   * Puts `ruleSets` in force in one synchronous switch, so every reading is filtered wholly by
   * one version; windows open under the old versions are closed and stored under them.
   */
  install(ruleSets: readonly RuleSet[]): Promise<void>;
  /** The filter's live statistics per rule set since the hub started. */
  stats(): Record<string, RuleStats>;
  /**
   * Set on the API's thread (decision 0022), whose filter sees no message: asks the broker's
   * thread for the node's totals over every run, as it keeps and records them. Governance then
   * answers with these and records none of its own.
   */
  readonly totalsKeptElsewhere?: () => Promise<Record<string, RuleStats>>;
}

export const FILTER_CONTROL = Symbol('FILTER_CONTROL');
