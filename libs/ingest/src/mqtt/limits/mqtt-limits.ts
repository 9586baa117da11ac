/** What one device or one address may do to the broker; docs/mqtt-listeners.md explains each. */
export interface MqttLimits {
  /** Largest MQTT packet (fixed header included) a client may send; larger ones cut the connection. */
  readonly maxPacketBytes: number;
  /** Time a new connection has to send CONNECT (and, over TLS, to finish the handshake). */
  readonly connectTimeoutMs: number;
  /** Largest keepalive a client may ask for, in seconds; 0 accepts any (including none). */
  readonly keepaliveMaxSeconds: number;
  /** Open connections allowed from one IP address; 0 means no limit. */
  readonly maxConnectionsPerIp: number;
  /** Sustained PUBLISH packets per second per client id; 0 means no limit. */
  readonly messagesPerSecond: number;
  /** PUBLISH packets a client id may send at once above the sustained rate. */
  readonly messageBurst: number;
  /** A subscriber whose socket stays full this long is disconnected, so it cannot stall others. */
  readonly drainTimeoutMs: number;
  /** Upper bound of messages aedes delivers in parallel. */
  readonly concurrency: number;
}

export const DEFAULT_MQTT_LIMITS: MqttLimits = {
  maxPacketBytes: 1024 * 1024,
  connectTimeoutMs: 10_000,
  keepaliveMaxSeconds: 900,
  maxConnectionsPerIp: 1000,
  messagesPerSecond: 100,
  messageBurst: 1000,
  drainTimeoutMs: 5000,
  concurrency: 100,
};
