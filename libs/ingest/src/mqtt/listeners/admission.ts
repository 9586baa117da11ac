import type { Duplex } from 'node:stream';
import type { HubLogger } from '@hub/contracts';
import { ConnectionSlots, type PromoteRefusal, type Slot } from '../limits/connection-slots.js';
import { GuardedConnection } from '../limits/guarded-connection.js';
import type { MqttLimits } from '../limits/mqtt-limits.js';
import { DeviceRateLimiter } from '../limits/token-bucket.js';
import type { ConnectionInfo, Transport } from './connection-info.js';

/** Hands a connection to aedes; `aedes.handle` fits. */
export type HandleConnection = (conn: Duplex) => unknown;

const SWEEP_INTERVAL_MS = 60_000;

interface Admitted {
  readonly info: ConnectionInfo;
  readonly slot: Slot;
  /** The logged-in device's username: what the message rate is keyed on. */
  device?: string;
}

/**
 * The one door every transport goes through: connection slots (pending and logged-in, per
 * address and in total), the packet guard (size, SUBSCRIBE filters, packet ids) and the
 * per-device message rate apply to TCP, TLS and WebSocket alike.
 */
export class ConnectionAdmission {
  private readonly slots: ConnectionSlots;
  private readonly rate: DeviceRateLimiter;
  private readonly admitted = new WeakMap<object, Admitted>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly handle: HandleConnection,
    private readonly limits: MqttLimits,
    private readonly logger: HubLogger,
  ) {
    this.slots = new ConnectionSlots({
      maxPending: limits.maxPendingConnections,
      maxPendingPerIp: limits.maxPendingPerIp,
      maxDevicesPerIp: limits.maxConnectionsPerIp,
      maxDevices: limits.maxConnections,
    });
    this.rate = new DeviceRateLimiter(limits);
    this.sweeper = setInterval(() => this.rate.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  /**
   * A pending slot for a new socket. It is always given: when the address (or the hub) has too
   * many sockets that have not logged in, the oldest of them is closed through its `evict`.
   */
  reserve(remoteAddress: string, transport: Transport, evict: () => void): Slot {
    return this.slots.open(remoteAddress, () => {
      this.logger.warn(
        'mqtt connection closed: oldest not-logged-in connection evicted to make room',
        { remoteAddress, transport, pendingPerIp: this.limits.maxPendingPerIp },
      );
      evict();
    });
  }

  /** Wraps the stream in the packet guard and gives it to the broker. */
  admit(stream: Duplex, info: ConnectionInfo, slot: Slot): void {
    const conn: GuardedConnection = new GuardedConnection(
      stream,
      {
        maxPacketBytes: this.limits.maxPacketBytes,
        maxFiltersPerSubscribe: this.limits.maxFiltersPerSubscribe,
      },
      {
        onViolation: (violation) =>
          this.logger.warn('mqtt connection cut: packet breaks a limit', {
            ...info,
            clientId: conn.client?.id,
            username: this.admitted.get(conn)?.device,
            ...violation,
            maxPacketBytes: this.limits.maxPacketBytes,
          }),
        onPublishes: (count) => this.allowPublishes(conn, count),
      },
    );
    this.admitted.set(conn, { info, slot });
    this.handle(conn);
  }

  /** What the listener knew about the connection aedes calls `client.conn`. */
  infoOf(conn: object): ConnectionInfo | undefined {
    return this.admitted.get(conn)?.info;
  }

  /**
   * The connection has logged in as `username`: it leaves the pending tier for a device place,
   * and from now on its messages count against that device's rate. A refusal (address or hub
   * full) leaves it pending; the caller refuses the CONNECT.
   */
  loggedIn(conn: object, username: string): PromoteRefusal | undefined {
    const admitted = this.admitted.get(conn);
    if (!admitted) return undefined; // not one of ours (cannot happen through the listeners)
    const refusal = admitted.slot.promote();
    if (!refusal) admitted.device = username;
    return refusal;
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  private allowPublishes(conn: GuardedConnection, count: number): boolean {
    const admitted = this.admitted.get(conn);
    const device = admitted?.device;
    // Before the login there is no device; aedes refuses such a PUBLISH itself [MQTT-3.1.0-1].
    if (!device || this.rate.allow(device, count)) return true;
    this.logger.warn('device exceeded its message rate; disconnecting', {
      username: device,
      clientId: conn.client?.id,
      remoteAddress: admitted.info.remoteAddress,
      transport: admitted.info.transport,
      messagesPerSecond: this.limits.messagesPerSecond,
      burst: this.limits.messageBurst,
    });
    return false;
  }
}
