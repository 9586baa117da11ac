export { LoggingModule } from './logging/logging.module.js';
export { HubMetrics } from './metrics/hub-metrics.js';
export { MetricsModule } from './metrics/metrics.module.js';
