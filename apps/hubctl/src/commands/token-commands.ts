import type { Command } from 'commander';
import type { HubApiClient } from '../api-client.js';
import { createOutput } from '../output.js';

interface ApiTokenJson {
  id: string;
  role: string;
  municipality: string | null;
  lab: string | null;
  label: string | null;
  holder: string | null;
  issuedBy: string;
  issuedAt: string;
  revokedAt: string | null;
}

const FIELDS = 'id role municipality lab label holder issuedBy issuedAt revokedAt';

/** `hubctl token create|revoke|list`: API tokens through the hub's admin API. */
export function registerTokenCommands(parent: Command, api: () => HubApiClient): void {
  parent
    .command('create')
    .description('create an API token; printed once (the hub keeps only its digest)')
    .requiredOption('--role <role>', 'admin, municipality, partner or privacy-officer')
    .option(
      '--municipality <m>',
      'scope of municipality and privacy-officer tokens (registered on first use)',
    )
    .option('--lab <lab>', 'scope of partner tokens')
    .option(
      '--holder <person>',
      'the person the token is issued to (e-mail or staff id); required for privacy-officer tokens: four-eyes approval compares holders',
    )
    .option('--label <text>', 'a note for whom the token is')
    .option('--json', 'print {"token": ..., "id": ...}')
    .action(
      async (options: {
        role: string;
        municipality?: string;
        lab?: string;
        holder?: string;
        label?: string;
        json?: boolean;
      }) => {
        const out = createOutput(options.json === true);
        const { createToken } = await api().request<{
          createToken: { token: string; apiToken: ApiTokenJson };
        }>(
          `mutation ($input: CreateTokenInput!) { createToken(input: $input) { token apiToken { ${FIELDS} } } }`,
          {
            input: {
              role: options.role,
              municipality: options.municipality,
              lab: options.lab,
              holder: options.holder,
              label: options.label,
            },
          },
        );
        const t = createToken.apiToken;
        out.result(
          {
            token: createToken.token,
            id: t.id,
            role: t.role,
            municipality: t.municipality,
            lab: t.lab,
            holder: t.holder,
          },
          `token ${t.id} (${t.role} ${t.municipality ?? t.lab ?? ''}${t.holder ? `, held by ${t.holder}` : ''}):\n${createToken.token}\nstore it now: it is not shown again`,
        );
      },
    );

  parent
    .command('revoke')
    .description('revoke a token at once; its live subscriptions end')
    .requiredOption('--id <id>', 'the token id (from token create or token list)')
    .option('--json', 'print the result as one JSON object')
    .action(async (options: { id: string; json?: boolean }) => {
      const out = createOutput(options.json === true);
      const { revokeToken } = await api().request<{ revokeToken: ApiTokenJson }>(
        `mutation ($id: String!) { revokeToken(id: $id) { ${FIELDS} } }`,
        { id: options.id },
      );
      out.result(
        { id: revokeToken.id, revokedAt: revokeToken.revokedAt },
        `revoked token ${revokeToken.id} at ${revokeToken.revokedAt ?? '?'}`,
      );
    });

  parent
    .command('list')
    .description('every token issued (never the secrets)')
    .option('--json', 'print the result as one JSON array')
    .action(async (options: { json?: boolean }) => {
      const out = createOutput(options.json === true);
      const { tokenList } = await api().request<{ tokenList: ApiTokenJson[] }>(
        `{ tokenList { ${FIELDS} } }`,
      );
      out.result(
        tokenList,
        tokenList
          .map(
            (t) =>
              `${t.id}\t${t.role}\t${t.municipality ?? t.lab ?? '-'}\t${t.holder ?? '-'}\t${t.revokedAt ? 'revoked' : 'active'}`,
          )
          .join('\n') || 'no tokens',
      );
    });
}
