import { Controller, Get, Header, Inject, UseGuards } from '@nestjs/common';
import { TelemetryGuard } from '../telemetry/telemetry.guard.js';
import { HubMetrics } from './hub-metrics.js';

/** Not public: process figures and traffic counts help an attacker time and size an attack. */
@Controller('metrics')
@UseGuards(TelemetryGuard)
export class MetricsController {
  constructor(@Inject(HubMetrics) private readonly metrics: HubMetrics) {}

  /** Prometheus text exposition format. */
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
