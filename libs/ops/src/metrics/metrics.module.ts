import { Global, Module } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { ensureMetricsToken } from '../telemetry/metrics-token.js';
import { TelemetryAccess } from '../telemetry/telemetry-access.js';
import { TelemetryGuard } from '../telemetry/telemetry.guard.js';
import { HubMetrics } from './hub-metrics.js';
import { MetricsController } from './metrics.controller.js';

@Global()
@Module({
  providers: [
    { provide: HubMetrics, useFactory: () => new HubMetrics() },
    {
      provide: TelemetryAccess,
      inject: [HUB_CONFIG],
      useFactory: (config: HubConfig) =>
        new TelemetryAccess(ensureMetricsToken(config.dataDir, config.metricsToken)),
    },
    TelemetryGuard,
  ],
  controllers: [MetricsController],
  exports: [HubMetrics, TelemetryAccess, TelemetryGuard],
})
export class MetricsModule {}
