export { LoggingModule } from './logging/logging.module.js';
export { closedLabel, HubMetrics, OTHER_LABEL } from './metrics/hub-metrics.js';
export { MetricsModule } from './metrics/metrics.module.js';
