import type { Server as HttpServer } from 'node:http';
import { Aedes, type Client, type PublishPacket, type Subscription } from 'aedes';
import type { HubMetrics } from '@hub/ops';
import type { IngestService } from '../application/ingest-service.js';
import { aclReplyTopic, canPublish, canSubscribe } from './acl.js';
import { AggregatedWarning } from './aggregated-warning.js';
import type { BrokerOptions } from './broker-options.js';
import type { DeviceAccess, DeviceIdentity, HubLogger } from '@hub/contracts';
import { ConnectGate } from './identity/connect-gate.js';
import { LoginThrottle } from './identity/login-throttle.js';
import { checkCertificateName } from './listeners/client-certificate.js';
import { MqttListeners, type BoundListeners } from './listeners/mqtt-listeners.js';
import type { PresenceDevice } from './presence/presence-recorder.js';

/** Refused filters of one device are logged at most twice per this window (first, then a summary). */
const REFUSAL_LOG_WINDOW_MS = 60_000;

/** Told when a device's connection is registered with aedes and when it ends (presence-recorder.ts). */
export interface PresenceSink {
  connected(device: PresenceDevice): void;
  closed(device: PresenceDevice): void;
}

/**
 * Refused messages are re-addressed here before aedes forwards them. No client may subscribe to
 * `$`-topics and `#` does not match them [MQTT-4.7.2-1], so nobody ever receives them.
 */
const DISCARD_TOPIC = '$hub/discarded';

/**
 * The embedded aedes broker. Hooks stay thin: they hand a PUBLISH to the ingest service and
 * translate its answer back into MQTT.
 *
 * aedes writes the QoS 1 PUBACK (and QoS 2 PUBREC) right after `authorizePublish` calls back
 * (aedes 1.2 lib/handlers/publish.js), so the durable append happens *inside* that hook:
 * acknowledged means stored.
 */
export class HubBroker {
  private readonly listeners: MqttListeners;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly identities = new WeakMap<Client, DeviceIdentity>();
  private readonly clientsByUser = new Map<string, Set<Client>>();
  /** Filters each connection holds, for the per-connection cap. */
  private readonly held = new WeakMap<Client, Set<string>>();
  /** Connections counted as present: registered with aedes (not only authenticated). */
  private readonly present = new WeakSet<Client>();
  private readonly refusedFilters: AggregatedWarning;
  private listening = false;

  private constructor(
    private readonly aedes: Aedes,
    private readonly ingest: IngestService,
    private readonly logger: HubLogger,
    private readonly options: BrokerOptions,
    /** Without it every client is anonymous and limited only by the topic grammar (tests, demo bootstrap). */
    private readonly access?: DeviceAccess,
    private readonly metrics?: HubMetrics,
    private readonly presence?: PresenceSink,
  ) {
    this.refusedFilters = new AggregatedWarning(
      logger,
      'subscription refused',
      REFUSAL_LOG_WINDOW_MS,
    );
    aedes.authorizePublish = (client, packet, done) => this.authorizePublish(client, packet, done);
    aedes.authorizeSubscribe = (client, sub, done) => this.authorizeSubscribe(client, sub, done);
    aedes.on('unsubscribe', (filters: string[], client: Client) => {
      const held = this.held.get(client);
      for (const filter of filters) held?.delete(filter);
    });
    if (access) {
      access.onRevoked((username) => this.disconnectUser(username, 'credentials revoked'));
      aedes.on('clientDisconnect', (client: Client) => this.forget(client));
      // 'client' fires once aedes registered the connection (after a takeover closed the old
      // one), and 'clientDisconnect' only for registered ones: counting these two cannot leak.
      aedes.on('client', (client: Client) => this.arrived(client));
    }
    aedes.on('clientError', (client: Client, error: Error) =>
      this.logger.warn('mqtt client error', {
        clientId: client.id,
        username: this.identities.get(client)?.username,
        err: error.message,
      }),
    );
    this.listeners = new MqttListeners((conn) => aedes.handle(conn), options, logger);
    // Every CONNECT, whatever its door, passes the gate: client id syntax and binding, login
    // throttle, password, connection places. The certificate check (TLS door) comes first.
    const gate = new ConnectGate({
      listeners: this.listeners,
      throttle: new LoginThrottle(options.limits.login),
      logger,
      metrics,
      access,
      onLoggedIn: (client, identity) => this.remember(client, identity),
    });
    aedes.preConnect = gate.preConnect;
    aedes.authenticate = checkCertificateName(
      gate.authenticate,
      (conn) => this.listeners.infoOf(conn),
      logger,
    );
  }

  static async create(
    ingest: IngestService,
    logger: HubLogger,
    options: BrokerOptions,
    access?: DeviceAccess,
    metrics?: HubMetrics,
    presence?: PresenceSink,
  ) {
    const { limits } = options;
    const aedes = await Aedes.createBroker({
      drainTimeout: limits.drainTimeoutMs,
      concurrency: limits.concurrency,
      connectTimeout: limits.connectTimeoutMs,
      keepaliveLimit: limits.keepaliveMaxSeconds,
    });
    return new HubBroker(aedes, ingest, logger, options, access, metrics, presence);
  }

  /** Starts accepting devices (WebSocket only with an HTTP server); resolves with what was bound. */
  async listen(httpServer?: HttpServer): Promise<BoundListeners> {
    const bound = await this.listeners.listen(httpServer);
    this.listening = true;
    return bound;
  }

  isListening(): boolean {
    return this.listening && !this.aedes.closed;
  }

  get connectedClients(): number {
    return this.aedes.connectedClients;
  }

  /** Stops accepting, lets in-flight appends finish (their senders get their PUBACK), then closes. */
  async close(): Promise<void> {
    this.listening = false;
    const listenersClosed = this.listeners.close();
    await Promise.allSettled([...this.inFlight]);
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    this.listeners.dropConnections();
    await listenersClosed;
    this.refusedFilters.flushAll();
  }

  private remember(client: Client, identity: DeviceIdentity): void {
    this.identities.set(client, identity);
    let clients = this.clientsByUser.get(identity.username);
    if (!clients) this.clientsByUser.set(identity.username, (clients = new Set()));
    clients.add(client);
  }

  /**
   * Invariant: a connection holds only filters its device can use (see acl.ts), and at most
   * `maxSubscriptionsPerConnection` of them. The number of filters per SUBSCRIBE packet is
   * bounded earlier, by the packet guard, before aedes reads the packet.
   */
  private authorizeSubscribe(
    client: Client,
    subscription: Subscription,
    done: (error: Error | null, subscription?: Subscription | null) => void,
  ): void {
    const identity = this.identities.get(client);
    const allowed = this.access ? !!identity && canSubscribe(identity, subscription.topic) : true;
    if (!allowed) return this.refuseFilter(client, subscription, 'ACL', done);
    let held = this.held.get(client);
    if (!held) this.held.set(client, (held = new Set()));
    if (!held.has(subscription.topic)) {
      if (held.size >= this.options.limits.maxSubscriptionsPerConnection) {
        return this.refuseFilter(client, subscription, 'CONNECTION_LIMIT', done);
      }
      held.add(subscription.topic);
    }
    done(null, subscription);
  }

  /** SUBACK 0x80 for this filter; the connection stays up. Logged in aggregate per device. */
  private refuseFilter(
    client: Client,
    subscription: Subscription,
    reason: 'ACL' | 'CONNECTION_LIMIT',
    done: (error: Error | null, subscription?: Subscription | null) => void,
  ): void {
    const identity = this.identities.get(client);
    this.metrics?.mqttSubscriptionsRefused.inc({ reason });
    this.refusedFilters.note(
      `${identity?.username ?? client.id}|${reason}`,
      {
        username: identity?.username,
        lab: identity?.lab,
        lamppost: identity?.lamppost,
        clientId: client.id,
        reason,
        ...(reason === 'CONNECTION_LIMIT' && {
          limit: this.options.limits.maxSubscriptionsPerConnection,
        }),
      },
      subscription.topic.slice(0, 200),
    );
    done(null, null);
  }

  private disconnectUser(username: string, reason: string): void {
    for (const client of this.clientsByUser.get(username) ?? []) {
      this.logger.warn('closing device connection', { clientId: client.id, username, reason });
      client.close();
    }
    this.clientsByUser.delete(username);
  }

  private arrived(client: Client): void {
    const identity = this.identities.get(client);
    if (!identity || !this.presence) return;
    this.present.add(client);
    this.presence.connected(identity);
  }

  private forget(client: Client): void {
    const identity = this.identities.get(client);
    if (identity) this.clientsByUser.get(identity.username)?.delete(client);
    this.held.delete(client);
    if (identity && this.present.delete(client)) this.presence?.closed(identity);
  }

  private authorizePublish(
    client: Client | null,
    packet: PublishPacket,
    done: (error?: Error | null) => void,
  ): void {
    if (client === null) return done(null); // the hub's own publishes (rejection replies)
    // Overriding the hook drops aedes' default refusal of client writes to $SYS: keep it.
    if (packet.topic.startsWith('$')) {
      return done(new Error(`publishing to ${packet.topic} is not allowed`));
    }
    const identity = this.identities.get(client);
    if (this.access && (!identity || !canPublish(identity, packet.topic))) {
      return this.refuseOutsidePrefix(client, identity, packet, done);
    }
    const work = this.ingest.ingest(packet.topic, packet.payload as Buffer).then(
      (result) => {
        switch (result.status) {
          case 'stored':
            // Subscribers get the filtered facts, never the raw payload; nothing when a window is still open.
            if (result.forward) packet.payload = result.forward;
            else this.discard(packet);
            return done(null);
          case 'duplicate':
            this.discard(packet);
            return done(null);
          case 'rejected':
            if (result.reply) this.reply(result.replyTopic, result.rejection);
            this.discard(packet);
            return done(null);
          case 'disconnect':
            this.logger.warn('disconnecting misbehaving device', {
              clientId: client.id,
              username: identity?.username,
              reason: result.reason,
            });
            return done(new Error(`disconnected: ${result.reason}`));
          case 'not-a-reading-topic':
            this.logger.warn('publish refused: not a reading topic', {
              clientId: client.id,
              username: identity?.username,
              topic: packet.topic,
            });
            return done(new Error(`topic ${packet.topic} is not a reading topic`));
          default: {
            const unreachable: never = result;
            return unreachable;
          }
        }
      },
      (error: unknown) => {
        // No acknowledgement: the device keeps the message and retries after reconnecting.
        this.logger.error('append failed; message not acknowledged', {
          clientId: client.id,
          err: String(error),
        });
        done(error instanceof Error ? error : new Error(String(error)));
      },
    );
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /**
   * MQTT 3.1.1 has no negative PUBACK: the hub either acknowledges or closes the connection
   * [MQTT-3.3.5-2]. It closes (the message cannot be stored anywhere), but first tells the device
   * why on its own `{prefix}acl/rejected` topic (delivered if it subscribed, e.g. to
   * `{prefix}+/rejected`; queued for a persistent session), and logs the device, not just the
   * client id.
   */
  private refuseOutsidePrefix(
    client: Client,
    identity: DeviceIdentity | undefined,
    packet: PublishPacket,
    done: (error?: Error | null) => void,
  ): void {
    const error = new Error(`not allowed to publish to ${packet.topic}`);
    this.logger.warn('publish refused by ACL; closing the connection', {
      username: identity?.username,
      lab: identity?.lab,
      lamppost: identity?.lamppost,
      clientId: client.id,
      topic: packet.topic.slice(0, 200),
    });
    if (!identity) {
      this.metrics?.messagesRejected.inc({ code: 'TOPIC_NOT_ALLOWED' });
      return done(error);
    }
    const message = `a device publishes only to ${identity.topicPrefix}{kind}; the hub closes the connection`;
    // Recorded for the partner board; the connection does not wait for it (nothing is acknowledged).
    this.ingest
      .recordAclRefusal(identity, packet.topic, packet.payload.length, message)
      .catch((err: unknown) =>
        this.logger.error('could not record an ACL refusal', {
          username: identity.username,
          err: String(err),
        }),
      );
    this.reply(
      aclReplyTopic(identity),
      {
        code: 'TOPIC_NOT_ALLOWED',
        message,
        topic: packet.topic.slice(0, 200),
        allowedPrefix: identity.topicPrefix,
      },
      () => done(error),
    );
  }

  /** Re-addresses a packet so aedes acknowledges it but delivers it to nobody. */
  private discard(packet: PublishPacket): void {
    packet.topic = DISCARD_TOPIC;
    packet.payload = Buffer.alloc(0);
    packet.retain = false;
  }

  private reply(topic: string, body: object, then?: () => void): void {
    this.aedes.publish(
      {
        cmd: 'publish',
        topic,
        payload: Buffer.from(JSON.stringify(body)),
        qos: 1,
        retain: false,
        dup: false,
      },
      (error) => {
        if (error)
          this.logger.warn('could not send rejection reply', { topic, err: error.message });
        then?.();
      },
    );
  }
}
