import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import mqtt, { type MqttClient } from 'mqtt';
import { harnessEnv } from '../../../tools/processes/harness-env.js';

/** The compiled hub (with its built console) as a child process, as deployed. */
export interface BenchHub {
  readonly child: ChildProcess;
  readonly httpPort: number;
  readonly mqttPort: number;
  readonly admin: string;
  gql<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
}

export async function startBenchHub(dataDir: string): Promise<BenchHub> {
  const child = spawn(process.execPath, ['dist/apps/hub/src/main.js'], {
    env: {
      // Only PATH from this shell: the bench hub's settings are the bench's own.
      ...harnessEnv.clean(),
      HUB_DATA_DIR: dataDir,
      HUB_HTTP_PORT: '0',
      HUB_MQTT_PORT: '0',
      HUB_BIND_HOST: '127.0.0.1',
      HUB_LOG_LEVEL: 'info',
      HUB_MQTT_MESSAGES_PER_SEC: '1000000',
      HUB_MQTT_MESSAGE_BURST: '1000000',
      HUB_GRAPHQL_RATE_PER_SEC: '1000000',
      HUB_GRAPHQL_RATE_BURST: '1000000',
      HUB_FEEDS_SUBSCRIBER_BUFFER: '20000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ports = await new Promise<{ httpPort: number; mqttPort: number }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.includes('hub ready')) return;
      const parsed = JSON.parse(line) as { httpPort: number; mqttPort: number };
      resolve({ httpPort: parsed.httpPort, mqttPort: parsed.mqttPort });
    });
  });
  const admin = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token = admin) => {
    const res = await fetch(`http://127.0.0.1:${ports.httpPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  };
  return { child, ...ports, admin, gql };
}

/** Provisions a placed lamppost and connects it (client id = username, as the hub requires). */
export async function placedDevice(
  hub: BenchHub,
  lab: string,
  lamppost: string,
  position: { lat: number; lon: number },
): Promise<MqttClient> {
  const { provisionDevice: p } = await hub.gql<{
    provisionDevice: { username: string; password: string };
  }>(
    `mutation ($lab: String!, $lp: String!, $position: PositionInput) {
      provisionDevice(lab: $lab, lamppost: $lp, position: $position) { username password } }`,
    { lab, lp: lamppost, position },
  );
  return mqtt.connectAsync(`mqtt://127.0.0.1:${hub.mqttPort}`, {
    clientId: p.username,
    username: p.username,
    password: p.password,
    reconnectPeriod: 0,
  });
}
