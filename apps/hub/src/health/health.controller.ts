import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@hub/event-store';
import { HubBroker } from '@hub/ingest';

/**
 * `/health/live`: the process answers. `/health` and `/health/ready`: the hub can take devices
 * (MQTT listening) and store what they send (event log writable).
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(HubBroker) private readonly broker: HubBroker,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get()
  @HealthCheck()
  ready() {
    return this.readiness();
  }

  @Get('ready')
  @HealthCheck()
  readiness() {
    return this.health.check([() => this.storeWritable(), () => this.brokerListening()]);
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
