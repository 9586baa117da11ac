import type { MqttClient } from 'mqtt';
import { connectDevice } from '../../../hub/test/support/clients.js';
import type { ConsoleHub } from './console-hub.js';

/** Along the Scheveningen boulevard, north-east to south-west. */
export const BOULEVARD = [
  { lat: 52.1126, lon: 4.2838 },
  { lat: 52.1085, lon: 4.2769 },
  { lat: 52.1052, lon: 4.2718 },
];

export interface LabDevice {
  readonly lamppost: string;
  readonly client: MqttClient;
  /** Publishes a temperature at QoS 1 (resolves on the PUBACK: stored). */
  temperature(celsius: number): Promise<void>;
  close(): Promise<void>;
}

/** Creates `lab` for `municipality` and provisions placed lampposts, each connected over MQTT. */
export async function provisionLab(
  env: ConsoleHub,
  lab: string,
  municipality: string,
  count: number,
  positions: readonly { lat: number; lon: number }[] = BOULEVARD,
): Promise<LabDevice[]> {
  await env.gql(
    env.admin,
    'mutation ($id: String!, $m: String!) { createLab(id: $id, municipality: $m) { id } }',
    {
      id: lab,
      m: municipality,
    },
  );
  const devices: LabDevice[] = [];
  for (let i = 0; i < count; i++) {
    const lamppost = `lp-${String(i + 1).padStart(3, '0')}`;
    const { provisionDevice: login } = await env.gql<{
      provisionDevice: { username: string; password: string; topicPrefix: string };
    }>(
      env.admin,
      `mutation ($lab: String!, $lamppost: String!, $position: PositionInput) {
        provisionDevice(lab: $lab, lamppost: $lamppost, position: $position) { username password topicPrefix }
      }`,
      { lab, lamppost, position: positions[i % positions.length] },
    );
    const client = await connectDevice(env.hub.mqttPort, login);
    let seq = 0;
    devices.push({
      lamppost,
      client,
      temperature: async (celsius) => {
        await client.publishAsync(
          `${login.topicPrefix}temperature`,
          JSON.stringify({ seq: ++seq, observedAt: new Date().toISOString(), celsius }),
          { qos: 1 },
        );
      },
      close: () => client.endAsync(),
    });
  }
  return devices;
}
