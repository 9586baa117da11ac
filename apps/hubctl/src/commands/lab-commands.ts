import type { Command } from 'commander';
import type { HubApiClient } from '../api-client.js';
import { createOutput } from '../output.js';

interface LabJson {
  id: string;
  municipality: string;
  createdAt: string;
  devices: number;
}

const LAB_FIELDS = 'id municipality createdAt devices';

const labResult = (lab: LabJson) => ({
  lab: lab.id,
  municipality: lab.municipality,
  createdAt: lab.createdAt,
  devices: lab.devices,
});

/** `hubctl lab create|list`: labs through the hub's partner API. */
export function registerLabCommands(parent: Command, api: () => HubApiClient): void {
  parent
    .command('create')
    .description('create a living lab; its municipality is registered on first use (admin)')
    .requiredOption('--id <lab>', 'lab id: lowercase letters, digits, - and _')
    .requiredOption('--municipality <m>', 'the municipality that owns the lab')
    .option('--json', 'print the result as one JSON object')
    .action(async (options: { id: string; municipality: string; json?: boolean }) => {
      const out = createOutput(options.json === true);
      const { createLab } = await api().request<{ createLab: LabJson }>(
        `mutation ($id: String!, $municipality: String!) {
          createLab(id: $id, municipality: $municipality) { ${LAB_FIELDS} }
        }`,
        { id: options.id, municipality: options.municipality },
      );
      out.result(
        labResult(createLab),
        `created lab ${createLab.id} (municipality ${createLab.municipality})`,
      );
    });

  parent
    .command('list')
    .description('the labs this token may manage')
    .option('--json', 'print the result as one JSON array')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput(options.json === true);
      const { labs } = await api().request<{ labs: LabJson[] }>(`{ labs { ${LAB_FIELDS} } }`);
      out.result(
        labs.map(labResult),
        labs.length === 0
          ? 'no labs'
          : labs
              .map((l) => `${l.id}\tmunicipality ${l.municipality}\t${l.devices} lampposts`)
              .join('\n'),
      );
    });
}
