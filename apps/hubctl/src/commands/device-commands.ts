import { InvalidArgumentError, type Command } from 'commander';
import type { HubApiClient } from '../api-client.js';
import { CommandError, createOutput } from '../output.js';

interface LamppostOptions {
  lab: string;
  lamppost: string;
  json?: boolean;
}

interface PositionOptions extends LamppostOptions {
  lat?: number;
  lon?: number;
}

interface PositionJson {
  lat: number;
  lon: number;
}

interface CredentialsJson {
  lab: string;
  lamppost: string;
  username: string;
  password: string;
  topicPrefix: string;
  position: PositionJson | null;
}

interface DeviceJson {
  lab: string;
  lamppost: string;
  username: string;
  topicPrefix: string;
  status: string;
  position: PositionJson | null;
  provisionedAt: string;
  changedAt: string;
}

const CREDENTIAL_FIELDS = 'lab lamppost username password topicPrefix position { lat lon }';
const DEVICE_FIELDS =
  'lab lamppost username topicPrefix status position { lat lon } provisionedAt changedAt';

/**
 * Decimal degrees as typed (`52.1105`, `-4.5`); the range is the hub's to check, so hubctl and
 * the API refuse the same values with the same INVALID_POSITION.
 */
const degrees = (value: string): number => {
  if (!/^-?\d+(\.\d+)?$/.test(value.trim())) {
    throw new InvalidArgumentError('not a number of decimal degrees, e.g. 52.1105');
  }
  return Number(value);
};

const positionText = (p: PositionJson | null): string => (p ? `${p.lat}, ${p.lon}` : '(not given)');

const lamppostCommand = (parent: Command, name: string, description: string): Command =>
  parent
    .command(name)
    .description(description)
    .requiredOption('--lab <lab>', 'the lab id')
    .requiredOption('--lamppost <id>', 'the lamppost id: lowercase letters, digits, - and _')
    .option('--json', 'print the result as one JSON object');

const credentialsText = (verb: string, c: CredentialsJson): string =>
  [
    `${verb} lamppost ${c.lamppost} in lab ${c.lab}`,
    `  username      ${c.username}`,
    `  password      ${c.password}`,
    `  topic prefix  ${c.topicPrefix}`,
    `  position      ${positionText(c.position)}`,
    'The password is shown only now: store it on the device.',
  ].join('\n');

/** `{"username","password","topicPrefix"}` first (what a device needs), then where it belongs. */
const credentialsResult = (c: CredentialsJson) => ({
  username: c.username,
  password: c.password,
  topicPrefix: c.topicPrefix,
  lab: c.lab,
  lamppost: c.lamppost,
  position: c.position,
});

/** `hubctl device provision|rotate|revoke|decommission|list`: device credentials of a lab. */
export function registerDeviceCommands(parent: Command, api: () => HubApiClient): void {
  const issue = (name: string, mutation: string, verb: string, description: string) =>
    lamppostCommand(parent, name, description).action(async (options: LamppostOptions) => {
      const out = createOutput(options.json === true);
      const data = await api().request<Record<string, CredentialsJson>>(
        `mutation ($lab: String!, $lamppost: String!) {
          ${mutation}(lab: $lab, lamppost: $lamppost) { ${CREDENTIAL_FIELDS} }
        }`,
        { lab: options.lab, lamppost: options.lamppost },
      );
      const credentials = data[mutation];
      out.result(credentialsResult(credentials), credentialsText(verb, credentials));
    });

  const change = (name: string, mutation: string, verb: string, description: string) =>
    lamppostCommand(parent, name, description).action(async (options: LamppostOptions) => {
      const out = createOutput(options.json === true);
      const data = await api().request<Record<string, DeviceJson>>(
        `mutation ($lab: String!, $lamppost: String!) {
          ${mutation}(lab: $lab, lamppost: $lamppost) { ${DEVICE_FIELDS} }
        }`,
        { lab: options.lab, lamppost: options.lamppost },
      );
      const device = data[mutation];
      out.result(device, `${verb} lamppost ${device.lamppost} in lab ${device.lab}`);
    });

  lamppostCommand(
    parent,
    'provision',
    'give a lamppost MQTT credentials (the password is shown once)',
  )
    .option('--lat <degrees>', 'where it stands: WGS84 latitude, -90 to 90', degrees)
    .option('--lon <degrees>', 'where it stands: WGS84 longitude, -180 to 180', degrees)
    .action(async (options: PositionOptions) => {
      const out = createOutput(options.json === true);
      if ((options.lat === undefined) !== (options.lon === undefined)) {
        throw new CommandError('give both --lat and --lon, or neither', 2);
      }
      const position =
        options.lat !== undefined ? { lat: options.lat, lon: options.lon! } : undefined;
      const data = await api().request<{ provisionDevice: CredentialsJson }>(
        `mutation ($lab: String!, $lamppost: String!, $position: PositionInput) {
          provisionDevice(lab: $lab, lamppost: $lamppost, position: $position) { ${CREDENTIAL_FIELDS} }
        }`,
        { lab: options.lab, lamppost: options.lamppost, position },
      );
      const credentials = data.provisionDevice;
      out.result(credentialsResult(credentials), credentialsText('provisioned', credentials));
    });

  lamppostCommand(parent, 'position', 'place or move a lamppost (WGS84 decimal degrees)')
    .requiredOption('--lat <degrees>', 'latitude, -90 to 90', degrees)
    .requiredOption('--lon <degrees>', 'longitude, -180 to 180', degrees)
    .action(async (options: Required<PositionOptions>) => {
      const out = createOutput(options.json === true);
      const data = await api().request<{ setLamppostPosition: DeviceJson }>(
        `mutation ($lab: String!, $lamppost: String!, $lat: Float!, $lon: Float!) {
          setLamppostPosition(lab: $lab, lamppost: $lamppost, lat: $lat, lon: $lon) { ${DEVICE_FIELDS} }
        }`,
        { lab: options.lab, lamppost: options.lamppost, lat: options.lat, lon: options.lon },
      );
      const device = data.setLamppostPosition;
      out.result(
        device,
        `lamppost ${device.lamppost} in lab ${device.lab} stands at ${positionText(device.position)}`,
      );
    });
  issue(
    'rotate',
    'rotateDeviceCredentials',
    'new credentials for',
    'issue a new password; the old one stops working and its connection is closed',
  );
  change(
    'revoke',
    'revokeDevice',
    'revoked the credentials of',
    "revoke a lamppost's credentials; its live connection is closed at once",
  );
  change(
    'decommission',
    'decommissionLamppost',
    'decommissioned',
    'take a lamppost out of service for good (its id cannot be used again)',
  );

  parent
    .command('list')
    .description("a lab's lampposts and the status of their credentials")
    .requiredOption('--lab <lab>', 'the lab id')
    .option('--json', 'print the result as one JSON array')
    .action(async (options: { lab: string; json?: boolean }) => {
      const out = createOutput(options.json === true);
      const { devices } = await api().request<{ devices: DeviceJson[] }>(
        `query ($lab: String!) { devices(lab: $lab) { ${DEVICE_FIELDS} } }`,
        { lab: options.lab },
      );
      out.result(
        devices,
        devices.length === 0
          ? `no lampposts in lab ${options.lab}`
          : devices.map((d) => `${d.lamppost}\t${d.status}\t${d.username}`).join('\n'),
      );
    });
}
