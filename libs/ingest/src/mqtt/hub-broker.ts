import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes, type Client, type PublishPacket } from 'aedes';
import type { IngestService } from '../application/ingest-service.js';
import type { BrokerOptions } from './broker-options.js';

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
  private readonly server: Server;
  private readonly inFlight = new Set<Promise<unknown>>();
  private listening = false;

  private constructor(
    private readonly aedes: Aedes,
    private readonly ingest: IngestService,
    private readonly logger: BrokerLogger,
    private readonly options: BrokerOptions,
  ) {
    aedes.authorizePublish = (client, packet, done) => this.authorizePublish(client, packet, done);
    aedes.on('clientError', (client: Client, error: Error) =>
      this.logger.warn({ clientId: client.id, err: error.message }, 'mqtt client error'),
    );
    this.server = createServer((socket) => aedes.handle(socket));
  }

  static async create(ingest: IngestService, logger: BrokerLogger, options: BrokerOptions) {
    const aedes = await Aedes.createBroker({
      drainTimeout: options.drainTimeoutMs,
      concurrency: options.concurrency,
    });
    return new HubBroker(aedes, ingest, logger, options);
  }

  /** Starts accepting devices; resolves with the bound port. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.listening = true;
    return (this.server.address() as AddressInfo).port;
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
    const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.allSettled([...this.inFlight]);
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    await serverClosed;
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
    const work = this.ingest.ingest(packet.topic, packet.payload as Buffer).then(
      (result) => {
        switch (result.status) {
          case 'stored':
            packet.payload = result.forward;
            return done(null);
          case 'rejected':
            this.reply(result.replyTopic, result.rejection);
            packet.topic = DISCARD_TOPIC;
            packet.retain = false;
            return done(null);
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
