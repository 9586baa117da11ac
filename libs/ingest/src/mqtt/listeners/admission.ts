import type { Duplex } from 'node:stream';
import type { BrokerLogger } from '../hub-broker.js';
import { ConnectionsPerIp } from '../limits/connections-per-ip.js';
import { GuardedConnection } from '../limits/guarded-connection.js';
import type { MqttLimits } from '../limits/mqtt-limits.js';
import { DeviceRateLimiter } from '../limits/token-bucket.js';
import type { ConnectionInfo, Transport } from './connection-info.js';

/** Hands a connection to aedes; `aedes.handle` fits. */
export type HandleConnection = (conn: Duplex) => unknown;

const SWEEP_INTERVAL_MS = 60_000;

/**
 * The one door every transport goes through: connections per address, the packet size guard
 * and the per-device message rate apply to TCP, TLS and WebSocket alike.
 */
export class ConnectionAdmission {
  private readonly perIp: ConnectionsPerIp;
  private readonly rate: DeviceRateLimiter;
  private readonly infos = new WeakMap<object, ConnectionInfo>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly handle: HandleConnection,
    private readonly limits: MqttLimits,
    private readonly logger: BrokerLogger,
  ) {
    this.perIp = new ConnectionsPerIp(limits.maxConnectionsPerIp);
    this.rate = new DeviceRateLimiter(limits);
    this.sweeper = setInterval(() => this.rate.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  /** Counts a new connection against its address; undefined (and logged) when over the limit. */
  reserve(remoteAddress: string, transport: Transport): (() => void) | undefined {
    const release = this.perIp.acquire(remoteAddress);
    if (!release) {
      this.logger.warn(
        { remoteAddress, transport, limit: this.limits.maxConnectionsPerIp },
        'mqtt connection refused: too many connections from this address',
      );
    }
    return release;
  }

  /** Wraps the stream in the packet guard and gives it to the broker. */
  admit(stream: Duplex, info: ConnectionInfo): void {
    const conn: GuardedConnection = new GuardedConnection(stream, this.limits.maxPacketBytes, {
      onViolation: (violation) =>
        this.logger.warn(
          { ...info, clientId: conn.client?.id, ...violation, limit: this.limits.maxPacketBytes },
          'mqtt connection cut: packet breaks the size limit',
        ),
      onPublishes: (count) => this.allowPublishes(conn, info, count),
    });
    this.infos.set(conn, info);
    this.handle(conn);
  }

  /** What the listener knew about the connection aedes calls `client.conn`. */
  infoOf(conn: object): ConnectionInfo | undefined {
    return this.infos.get(conn);
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  private allowPublishes(conn: GuardedConnection, info: ConnectionInfo, count: number): boolean {
    const clientId = conn.client?.id;
    // Before CONNECT there is no client id; aedes refuses such a PUBLISH itself [MQTT-3.1.0-1].
    if (!clientId || this.rate.allow(clientId, count)) return true;
    this.logger.warn(
      {
        clientId,
        remoteAddress: info.remoteAddress,
        transport: info.transport,
        messagesPerSecond: this.limits.messagesPerSecond,
        burst: this.limits.messageBurst,
      },
      'device exceeded its message rate; disconnecting',
    );
    return false;
  }
}
