import type { Server as HttpServer } from 'node:http';
import {
  Aedes,
  type AuthenticateError,
  type Client,
  type PublishPacket,
  type Subscription,
} from 'aedes';
import type { IngestService } from '../application/ingest-service.js';
import { canPublish, canSubscribe } from './acl.js';
import type { BrokerOptions } from './broker-options.js';
import type { ConnectRefusal, DeviceAccess, DeviceIdentity } from './device-access.js';
import { checkCertificateName } from './listeners/client-certificate.js';
import { MqttListeners, type BoundListeners } from './listeners/mqtt-listeners.js';

/** CONNACK return codes of MQTT 3.1.1 (section 3.2.2.3). */
const RETURN_CODES: Record<ConnectRefusal, number> = {
  BAD_USERNAME_OR_PASSWORD: 4,
  NOT_AUTHORIZED: 5,
};

/** The logger surface the broker needs (pino and Nest loggers both fit). */
export interface BrokerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
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
  private listening = false;

  private constructor(
    private readonly aedes: Aedes,
    private readonly ingest: IngestService,
    private readonly logger: BrokerLogger,
    private readonly options: BrokerOptions,
    /** Without it every client is anonymous and limited only by the topic grammar (tests, demo bootstrap). */
    private readonly access?: DeviceAccess,
  ) {
    aedes.authorizePublish = (client, packet, done) => this.authorizePublish(client, packet, done);
    if (access) {
      aedes.authenticate = (client, username, password, done) =>
        this.authenticate(client, username, password, done);
      aedes.authorizeSubscribe = (client, sub, done) => this.authorizeSubscribe(client, sub, done);
      access.onRevoked((username) => this.disconnectUser(username, 'credentials revoked'));
      aedes.on('clientDisconnect', (client: Client) => this.forget(client));
    }
    aedes.on('clientError', (client: Client, error: Error) =>
      this.logger.warn({ clientId: client.id, err: error.message }, 'mqtt client error'),
    );
    this.listeners = new MqttListeners((conn) => aedes.handle(conn), options, logger);
    // Wraps whichever authenticate is set above: the certificate check comes first.
    aedes.authenticate = checkCertificateName(
      aedes.authenticate,
      (conn) => this.listeners.infoOf(conn),
      logger,
    );
  }

  static async create(
    ingest: IngestService,
    logger: BrokerLogger,
    options: BrokerOptions,
    access?: DeviceAccess,
  ) {
    const { limits } = options;
    const aedes = await Aedes.createBroker({
      drainTimeout: limits.drainTimeoutMs,
      concurrency: limits.concurrency,
      connectTimeout: limits.connectTimeoutMs,
      keepaliveLimit: limits.keepaliveMaxSeconds,
    });
    return new HubBroker(aedes, ingest, logger, options, access);
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
  }

  private authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): void {
    this.access!.authenticate(username, password).then(
      (result) => {
        if (typeof result === 'string') {
          this.logger.warn(
            { clientId: client.id, username, reason: result },
            'mqtt connect refused',
          );
          const error = Object.assign(new Error(result), { returnCode: RETURN_CODES[result] });
          return done(error, false);
        }
        this.identities.set(client, result);
        let clients = this.clientsByUser.get(result.username);
        if (!clients) this.clientsByUser.set(result.username, (clients = new Set()));
        clients.add(client);
        done(null, true);
      },
      (error: unknown) => {
        this.logger.error(
          { clientId: client.id, err: String(error) },
          'device authentication failed',
        );
        const refusal = Object.assign(new Error('server unavailable'), { returnCode: 3 });
        done(refusal, false);
      },
    );
  }

  private authorizeSubscribe(
    client: Client,
    subscription: Subscription,
    done: (error: Error | null, subscription?: Subscription | null) => void,
  ): void {
    const identity = this.identities.get(client);
    if (identity && canSubscribe(identity, subscription.topic)) return done(null, subscription);
    this.logger.warn({ clientId: client.id, topic: subscription.topic }, 'subscription refused');
    done(null, null); // SUBACK 0x80 for this filter; the connection stays up
  }

  private disconnectUser(username: string, reason: string): void {
    for (const client of this.clientsByUser.get(username) ?? []) {
      this.logger.warn({ clientId: client.id, username, reason }, 'closing device connection');
      client.close();
    }
    this.clientsByUser.delete(username);
  }

  private forget(client: Client): void {
    const identity = this.identities.get(client);
    if (identity) this.clientsByUser.get(identity.username)?.delete(client);
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
    if (this.access) {
      const identity = this.identities.get(client);
      if (!identity || !canPublish(identity, packet.topic)) {
        this.logger.warn({ clientId: client.id, topic: packet.topic }, 'publish refused by ACL');
        // MQTT 3.1.1 has no negative PUBACK: closing the connection is the refusal [MQTT-3.3.5-2].
        return done(new Error(`not allowed to publish to ${packet.topic}`));
      }
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
            this.logger.warn(
              { clientId: client.id, reason: result.reason },
              'disconnecting misbehaving device',
            );
            return done(new Error(`disconnected: ${result.reason}`));
          case 'not-a-reading-topic':
            this.logger.warn(
              { clientId: client.id, topic: packet.topic },
              'publish refused: not a reading topic',
            );
            return done(new Error(`topic ${packet.topic} is not a reading topic`));
          default: {
            const unreachable: never = result;
            return unreachable;
          }
        }
      },
      (error: unknown) => {
        // No acknowledgement: the device keeps the message and retries after reconnecting.
        this.logger.error(
          { clientId: client.id, err: String(error) },
          'append failed; message not acknowledged',
        );
        done(error instanceof Error ? error : new Error(String(error)));
      },
    );
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Re-addresses a packet so aedes acknowledges it but delivers it to nobody. */
  private discard(packet: PublishPacket): void {
    packet.topic = DISCARD_TOPIC;
    packet.payload = Buffer.alloc(0);
    packet.retain = false;
  }

  private reply(topic: string, body: object): void {
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
          this.logger.warn({ topic, err: error.message }, 'could not send rejection reply');
      },
    );
  }
}
