import { connectAsync, ErrorWithReasonCode, type IClientOptions, type MqttClient } from 'mqtt';
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
 * CONNACK refusals the user fixes with credentials: 4 bad user name or password, 5 not
 * authorized [MQTT-3.2.2-3 table 3.1]. The hub refuses every device without its own account.
 */
const REFUSED_FOR_CREDENTIALS = new Set([4, 5]);

/** The broker's refusal, with what to do about it: every simulator path connects through here. */
function explainRefusal(error: unknown, opts: ConnectOptions): unknown {
  if (!(error instanceof ErrorWithReasonCode) || !REFUSED_FOR_CREDENTIALS.has(error.code)) {
    return error;
  }
  const who = opts.credentials
    ? `the credentials of ${opts.credentials.username} (wrong, rotated or revoked password?)`
    : 'a device without credentials (the hub has no anonymous access)';
  return new Error(
    `${error.message}: the broker refused ${who}. Give each device its own account with ` +
      '--credentials <file> (provision with `npx hubctl device provision ... --json`; ' +
      'see docs/simulators.md)',
    { cause: error },
  );
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
  try {
    return await connectAsync(opts.brokerUrl, options);
  } catch (error) {
    throw explainRefusal(error, opts);
  }
}

/** Ends a client, forcing it after a grace period so a stuck broker cannot hang shutdown. */
export async function endClient(client: MqttClient, graceMs = 2000): Promise<void> {
  await Promise.race([
    client.endAsync(false),
    new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
  ]);
  if (client.connected) await client.endAsync(true);
}
