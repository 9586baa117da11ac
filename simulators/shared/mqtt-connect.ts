import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import type { DeviceCredentials } from './credentials.js';

export interface ConnectOptions {
  brokerUrl: string;
  /** The hub requires a device's client id to be its username: see `deviceClientId`. */
  clientId: string;
  credentials?: DeviceCredentials;
  /** Protocol 4 = MQTT 3.1.1, what aedes 1.x speaks. */
  protocolVersion?: 4 | 5;
  reconnect?: boolean;
  connectTimeoutMs?: number;
}

/**
 * The client id a device must use with the hub: its username (docs/partners.md); any other id is
 * refused with CONNACK 2. Without credentials (a plain broker) the given fallback is used.
 */
export const deviceClientId = (
  credentials: DeviceCredentials | undefined,
  fallback: string,
): string => credentials?.username ?? fallback;

/** One MQTT connection for one simulated device; resolves after CONNACK. */
export async function connectDevice(opts: ConnectOptions): Promise<MqttClient> {
  const options: IClientOptions = {
    clientId: opts.clientId,
    protocolVersion: opts.protocolVersion ?? 4,
    clean: true,
    keepalive: 30,
    reconnectPeriod: opts.reconnect === false ? 0 : 1000,
    connectTimeout: opts.connectTimeoutMs ?? 10_000,
    // Do not let a reconnecting client re-send a backlog of stale readings.
    queueQoSZero: false,
  };
  if (opts.credentials) {
    options.username = opts.credentials.username;
    options.password = opts.credentials.password;
  }
  return connectAsync(opts.brokerUrl, options);
}

/** Ends a client, forcing it after a grace period so a stuck broker cannot hang shutdown. */
export async function endClient(client: MqttClient, graceMs = 2000): Promise<void> {
  await Promise.race([
    client.endAsync(false),
    new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
  ]);
  if (client.connected) await client.endAsync(true);
}
