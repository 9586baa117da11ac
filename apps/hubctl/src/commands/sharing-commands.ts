import type { Command } from 'commander';
import type { HubApiClient } from '../api-client.js';
import { CommandError, createOutput } from '../output.js';

interface AgreementJson {
  id: string;
  lab: string;
  owner: string;
  grantee: string;
  kinds: string[];
  purpose: string;
  legalBasis: string;
  until: string;
  level: string;
  status: string;
}

const FIELDS = 'id lab owner grantee kinds purpose legalBasis until level status';
/** The legal basis when none is given: municipalities share feeds for a task in the public interest. */
const DEFAULT_LEGAL_BASIS = 'public task (GDPR art. 6(1)(e))';

/** `hubctl sharing grant|revoke|list`: purpose-bound sharing agreements. */
export function registerSharingCommands(parent: Command, api: () => HubApiClient): void {
  parent
    .command('grant')
    .description("share a lab's feed with another municipality, for a purpose, until a date")
    .requiredOption('--lab <lab>', 'the lab whose feed is shared')
    .requiredOption('--to <municipality>', 'the receiving municipality (registered on first use)')
    .requiredOption('--kinds <k,...>', 'sensor kinds, comma separated, e.g. temperature,air')
    .requiredOption('--purpose <text>', 'what the receiver may use the feed for')
    .requiredOption(
      '--until <date>',
      'last day (YYYY-MM-DD, through that UTC day) or an ISO date-time',
    )
    .option(
      '--level <level>',
      'readings (filtered readings) or aggregates (hourly, suppressed, noisy)',
      'readings',
    )
    .option('--legal-basis <text>', 'legal basis of the sharing', DEFAULT_LEGAL_BASIS)
    .option('--json', 'print {"id": ...} and the agreement')
    .action(
      async (options: {
        lab: string;
        to: string;
        kinds: string;
        purpose: string;
        until: string;
        level: string;
        legalBasis: string;
        json?: boolean;
      }) => {
        const out = createOutput(options.json === true);
        const kinds = options.kinds
          .split(',')
          .map((k) => k.trim())
          .filter((k) => k.length > 0);
        if (kinds.length === 0) throw new CommandError('--kinds names no sensor kind', 2);
        const { grantSharing } = await api().request<{ grantSharing: AgreementJson }>(
          `mutation ($input: GrantSharingInput!) { grantSharing(input: $input) { ${FIELDS} } }`,
          {
            input: {
              lab: options.lab,
              to: options.to,
              kinds,
              purpose: options.purpose,
              legalBasis: options.legalBasis,
              until: options.until,
              level: options.level,
            },
          },
        );
        const a = grantSharing;
        out.result(
          { ...a },
          `agreement ${a.id}: lab ${a.lab} -> ${a.grantee}, ${a.kinds.join(',')} (${a.level}) until ${a.until}`,
        );
      },
    );

  parent
    .command('revoke')
    .description('end an agreement now; streams under it end')
    .requiredOption('--id <id>', 'the agreement id')
    .option('--json', 'print the result as one JSON object')
    .action(async (options: { id: string; json?: boolean }) => {
      const out = createOutput(options.json === true);
      const { revokeSharing } = await api().request<{ revokeSharing: AgreementJson }>(
        `mutation ($id: String!) { revokeSharing(id: $id) { ${FIELDS} } }`,
        { id: options.id },
      );
      out.result(
        { id: revokeSharing.id, status: revokeSharing.status },
        `revoked agreement ${revokeSharing.id}`,
      );
    });

  parent
    .command('list')
    .description('agreements (an admin token sees all)')
    .option('--json', 'print the result as one JSON array')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput(options.json === true);
      const { agreements } = await api().request<{ agreements: AgreementJson[] }>(
        `{ agreements { ${FIELDS} } }`,
      );
      out.result(
        agreements,
        agreements
          .map(
            (a) =>
              `${a.id}\t${a.lab} -> ${a.grantee}\t${a.kinds.join(',')}\t${a.level}\t${a.status}\tuntil ${a.until}`,
          )
          .join('\n') || 'no agreements',
      );
    });
}
