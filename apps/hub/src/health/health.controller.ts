import { Controller, Get, Headers, Inject, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { EVENT_STORE, type EventStore } from '@hub/event-store';
import { HubBroker } from '@hub/ingest';
import { TelemetryAccess } from '@hub/ops';

/**
 * `/health/live`: the process answers (public: it says nothing). `/health` and `/health/ready`:
 * the hub can take devices (MQTT listening, on nodes with the `ingest` role) and store what they
 * send (event log writable); the
 * status code and `status` are public, so a load balancer needs no secret, but the details (store
 * errors, connected clients) only go to the metrics token (TelemetryAccess).
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(HubBroker) private readonly broker: HubBroker,
    @Inject(TelemetryAccess) private readonly telemetry: TelemetryAccess,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get()
  @HealthCheck()
  ready(@Headers('authorization') authorization?: string) {
    return this.readiness(authorization);
  }

  @Get('ready')
  @HealthCheck()
  async readiness(@Headers('authorization') authorization?: string) {
    const detailed = this.telemetry.allows(authorization);
    try {
      // A node without the `ingest` role (HUB_ROLES) is ready without MQTT listeners.
      const result = await this.health.check([
        () => this.storeWritable(),
        ...(this.config.roles.ingest ? [() => this.brokerListening()] : []),
      ]);
      return detailed ? result : { status: result.status };
    } catch (error) {
      if (detailed || !(error instanceof ServiceUnavailableException)) throw error;
      throw new ServiceUnavailableException({ status: 'error' });
    }
  }

  private async storeWritable() {
    const check = this.indicators.check('eventStore');
    try {
      await this.store.checkWritable();
      return check.up({ writable: true });
    } catch (error) {
      return check.down({ writable: false, reason: (error as Error).message });
    }
  }

  private brokerListening() {
    const check = this.indicators.check('mqtt');
    return this.broker.isListening()
      ? check.up({ listening: true, connectedClients: this.broker.connectedClients })
      : check.down({ listening: false });
  }
}
