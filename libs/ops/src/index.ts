export { LoggingModule, requestLogger } from './logging/logging.module.js';
export { hubLogger } from './logging/hub-logger.js';
export { closedLabel, HubMetrics, OTHER_LABEL, type ThreadMetrics } from './metrics/hub-metrics.js';
export { MetricsModule } from './metrics/metrics.module.js';
export { ensureMetricsToken, METRICS_TOKEN_FILE } from './telemetry/metrics-token.js';
export { TelemetryAccess } from './telemetry/telemetry-access.js';
export { TelemetryGuard } from './telemetry/telemetry.guard.js';
export { compiledWorkerFile } from './runtime/compiled-worker-file.js';
export {
  RequestWorker,
  WorkerBusyError,
  type RequestWorkerOptions,
  type WorkerReply,
  type WorkerRequest,
} from './runtime/request-worker.js';
