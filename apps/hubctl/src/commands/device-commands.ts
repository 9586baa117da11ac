import type { Command } from 'commander';
import type { HubApiClient } from '../api-client.js';
import { createOutput } from '../output.js';

interface LamppostOptions {
  lab: string;
  lamppost: string;
  json?: boolean;
}

interface CredentialsJson {
  lab: string;
  lamppost: string;
  username: string;
  password: string;
  topicPrefix: string;
}

interface DeviceJson {
  lab: string;
  lamppost: string;
  username: string;
  topicPrefix: string;
  status: string;
  provisionedAt: string;
  changedAt: string;
}

const CREDENTIAL_FIELDS = 'lab lamppost username password topicPrefix';
const DEVICE_FIELDS = 'lab lamppost username topicPrefix status provisionedAt changedAt';

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
    'The password is shown only now: store it on the device.',
  ].join('\n');

/** `{"username","password","topicPrefix"}` first (what a device needs), then where it belongs. */
const credentialsResult = (c: CredentialsJson) => ({
  username: c.username,
  password: c.password,
  topicPrefix: c.topicPrefix,
  lab: c.lab,
  lamppost: c.lamppost,
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

  issue(
    'provision',
    'provisionDevice',
    'provisioned',
    'give a lamppost MQTT credentials (the password is shown once)',
  );
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
