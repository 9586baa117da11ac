// Public API of the governance context: the privacy rule lifecycle (four eyes, hash chain),
// dry runs, audit queries, the report and the public sensor register.
export { GovernanceModule } from './governance.module.js';
export { FILTER_CONTROL, type FilterControl } from './application/filter-control.port.js';
export {
  SAMPLE_SOURCE,
  type GeneratedSample,
  type SampleRequest,
  type SampleSource,
} from './application/sample-source.port.js';
export { RuleLifecycle } from './application/rule-lifecycle.js';
export * from './domain/rule-events.js';
export {
  verifyChain,
  GENESIS_HASH,
  type ChainBreak,
  type ChainEvent,
  type ChainVerification,
} from './domain/rule-chain.js';
export * from './domain/governance-errors.js';
export {
  verifyStoredChain,
  type KnownChainEnd,
  type LabChainReport,
} from './application/verify-store-chain.js';
export { verifySqliteChains, type OfflineChainReport } from './application/verify-sqlite-chains.js';
export { FilterStatsRecorder } from './application/filter-stats-recorder.js';
