import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

/** Why a connection attempt failed: a CONNACK return code, or `CLOSED` when the socket was cut. */
export class ConnectRefused extends Error {
  constructor(
    readonly code: number | string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Connects once (no reconnects) and settles either way: mqtt.js' `connectAsync` never settles
 * when the server just closes the socket, which is how the hub refuses some connections.
 */
export function tryConnect(url: string, options: IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 30_000, ...options });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    client.on('error', (error: Error & { code?: number | string }) =>
      settle(() => {
        client.end(true);
        reject(new ConnectRefused(error.code ?? 'ERROR', error.message));
      }),
    );
    client.once('close', () =>
      settle(() => {
        client.end(true);
        reject(new ConnectRefused('CLOSED', 'connection closed before CONNACK'));
      }),
    );
    client.once('connect', () => settle(() => resolve(client)));
  });
}
