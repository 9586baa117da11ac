import mqtt, { type MqttClient } from 'mqtt';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** Device credentials, e.g. from `provisionDevice` in ./devices.ts. */
export interface DeviceLogin {
  readonly username: string;
  readonly password: string;
}

/** Connects as the device; its client id is its username, as the hub requires (docs/partners.md). */
export async function connectDevice(port: number, login: DeviceLogin): Promise<MqttClient> {
  return mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    clientId: login.username,
    reconnectPeriod: 0,
    connectTimeout: 30_000, // a CONNACK from a busy hub; refusals answer at once
    username: login.username,
    password: login.password,
  });
}

export function graphqlWs(httpPort: number, token: string): Client {
  return createClient({
    url: `ws://127.0.0.1:${httpPort}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
  });
}

export interface GraphQLResponse<T> {
  status: number;
  body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

export async function graphqlHttp<T>(
  httpPort: number,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`http://127.0.0.1:${httpPort}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T>['body'] };
}

/** Collects `count` results of a subscription, failing after `timeoutMs`. */
export function take<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  count: number,
  timeoutMs = 20000,
): { results: Promise<T[]>; ready: Promise<void> } {
  const got: T[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const results = new Promise<T[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`subscription gave ${got.length} of ${count} results in ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          if (value.errors) {
            clearTimeout(timer);
            reject(new Error(JSON.stringify(value.errors)));
            return;
          }
          got.push(value.data as T);
          if (got.length === count) {
            clearTimeout(timer);
            unsubscribe();
            resolve(got);
          }
        },
        error: (error) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        },
        complete: () => undefined,
      },
    );
    client.on('connected', () => markReady());
  });
  return { results, ready };
}
