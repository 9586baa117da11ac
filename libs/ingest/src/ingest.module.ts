import type { Server as HttpServer } from 'node:http';
import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { DEVICE_ACCESS, RULE_VERSIONS, type DeviceAccess, type RuleVersions } from '@hub/contracts';
import { EVENT_STORE, type EventStore } from '@hub/event-store';
import { HubMetrics, hubLogger } from '@hub/ops';
import { IngestService } from './application/ingest-service.js';
import { DEFAULT_BROKER_OPTIONS } from './mqtt/broker-options.js';
import { HubBroker } from './mqtt/hub-broker.js';
import type { BoundListeners } from './mqtt/listeners/mqtt-listeners.js';
import { PresenceRecorder } from './mqtt/presence/presence-recorder.js';
import { createPrivacyGate, type PrivacyGate } from './privacy/privacy-gate.js';
import { PRIVACY_GATE } from './privacy/privacy.tokens.js';
import { WindowFlusher } from './privacy/window-flusher.js';

/**
 * Opens the MQTT listeners once the app is up (TCP, TLS if configured, WebSocket on the HTTP
 * server; each logs what it bound), and closes them first on shutdown. A node without the
 * `ingest` role (HUB_ROLES) opens none.
 */
@Injectable()
export class BrokerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('mqtt');
  /** Set once listening; ports 0 are replaced by the ones bound. */
  bound: BoundListeners | undefined;

  constructor(
    @Inject(HubBroker) private readonly broker: HubBroker,
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
    @Inject(PresenceRecorder) private readonly presence: PresenceRecorder,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /** The plain TCP port. */
  get port(): number | undefined {
    return this.bound?.tcpPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.ingest) {
      this.logger.log('no MQTT doors on this node (HUB_ROLES has no "ingest")');
      return;
    }
    // Absent in an application without HTTP (e.g. a bare testing module): no MQTT over WebSocket.
    const httpServer = this.http.httpAdapter?.getHttpServer() as HttpServer | undefined;
    // Before any device can connect: what this node held before it (re)started is closed.
    await this.presence.start();
    this.bound = await this.broker.listen(httpServer);
  }

  /** Stop accepting devices and let in-flight appends finish before the store closes. */
  async onModuleDestroy(): Promise<void> {
    if (!this.bound) return;
    await this.broker.close();
    await this.presence.stop();
    this.logger.log('MQTT listener closed');
  }
}

@Module({
  providers: [
    {
      provide: PRIVACY_GATE,
      inject: [HUB_CONFIG, EVENT_STORE],
      useFactory: (config: HubConfig, store: EventStore) => {
        const logger = new Logger('privacy');
        const gate = createPrivacyGate(
          config.privacy.rulesDir,
          store,
          (error) =>
            logger.error({ msg: 'could not record a key lifecycle event', err: String(error) }),
          config.ingest.maxClockSkewMs,
          config.nodeId,
          {
            audioThread: config.privacy.audioThread,
            audioBacklog: config.privacy.audioBacklog,
            logger: hubLogger(logger),
          },
        );
        logger.log({
          msg: 'privacy rules active',
          ruleSets: gate.active,
          audioThread: config.privacy.audioThread,
        });
        return gate;
      },
    },
    {
      provide: IngestService,
      inject: [
        EVENT_STORE,
        HubMetrics,
        PRIVACY_GATE,
        HUB_CONFIG,
        { token: RULE_VERSIONS, optional: true },
      ],
      useFactory: (
        store: EventStore,
        metrics: HubMetrics,
        gate: PrivacyGate,
        config: HubConfig,
        ruleVersions?: RuleVersions,
      ) =>
        new IngestService({
          store,
          ruleVersions,
          metrics,
          filter: gate.filter,
          limits: config.ingest,
          logger: hubLogger(new Logger('ingest')),
        }),
    },
    WindowFlusher,
    {
      provide: PresenceRecorder,
      inject: [EVENT_STORE, HUB_CONFIG],
      useFactory: (store: EventStore, config: HubConfig) =>
        new PresenceRecorder({
          store,
          node: config.nodeId,
          logger: hubLogger(new Logger('presence')),
        }),
    },
    {
      provide: HubBroker,
      inject: [
        IngestService,
        HUB_CONFIG,
        HubMetrics,
        PresenceRecorder,
        { token: DEVICE_ACCESS, optional: true },
      ],
      useFactory: (
        ingest: IngestService,
        config: HubConfig,
        metrics: HubMetrics,
        presence: PresenceRecorder,
        access?: DeviceAccess,
      ) =>
        HubBroker.create(
          ingest,
          hubLogger(new Logger('mqtt')),
          {
            ...DEFAULT_BROKER_OPTIONS,
            host: config.mqtt.host,
            port: config.mqtt.port,
            tls: config.mqtt.tls,
            limits: config.mqtt.limits,
            websocketRelaySecret: config.mqtt.websocketRelaySecret,
          },
          access,
          metrics,
          presence,
        ),
    },
    BrokerLifecycle,
  ],
  exports: [HubBroker, BrokerLifecycle, IngestService, PRIVACY_GATE],
})
export class IngestModule {}
