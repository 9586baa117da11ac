import type { Command } from 'commander';
import type { HubctlConfig } from '@hub/config';
import { CommandError, createOutput } from '../../output.js';
import { apiWithTokenFile, TOKEN_FILE_HELP } from '../../token-file.js';
import { readJsonFile, wholeNumber } from './read-json-file.js';
import {
  DRY_RUN,
  VERSIONS,
  VERSIONS_WITH_CONTENT,
  type DryRunJson,
  type VersionJson,
} from './rule-queries.js';
import { dryRunText, versionLine, versionText } from './rule-text.js';

interface Common {
  lab: string;
  json?: boolean;
  tokenFile?: string;
}

/** `hubctl privacy rules list|show|dry-run`: reading a lab's rule versions and trying one out. */
export function registerRuleReads(rules: Command, config: () => HubctlConfig): void {
  rules
    .command('list')
    .description("a lab's rule set versions, newest first, with status and who/when")
    .requiredOption('--lab <lab>', 'the lab, e.g. scheveningen')
    .option('--token-file <file>', TOKEN_FILE_HELP)
    .option('--json', 'print the result as one JSON array')
    .action(async (o: Common) => {
      const api = apiWithTokenFile(config(), o.tokenFile);
      const { ruleSetVersions } = await api.request<{ ruleSetVersions: VersionJson[] }>(VERSIONS, {
        lab: o.lab,
      });
      createOutput(o.json === true).result(
        ruleSetVersions,
        ruleSetVersions.length === 0 ? 'no versions' : ruleSetVersions.map(versionLine).join('\n'),
      );
    });

  rules
    .command('show')
    .description(
      'one version in plain words (default: the version in force); --json adds the rule set',
    )
    .requiredOption('--lab <lab>', 'the lab, e.g. scheveningen')
    .option('--version <n>', 'the version (default: the one in force)')
    .option('--token-file <file>', TOKEN_FILE_HELP)
    .option('--json', 'print the version, with its full rule set as content, as one JSON object')
    .action(async (o: Common & { version?: string }) => {
      const wanted = o.version === undefined ? undefined : wholeNumber('--version', o.version);
      const api = apiWithTokenFile(config(), o.tokenFile);
      const { ruleSetVersions } = await api.request<{ ruleSetVersions: VersionJson[] }>(
        VERSIONS_WITH_CONTENT,
        { lab: o.lab },
      );
      const found = ruleSetVersions.find((v) =>
        wanted === undefined ? v.status === 'active' : v.version === wanted,
      );
      if (!found) {
        throw new CommandError(
          wanted === undefined
            ? `lab "${o.lab}" has no version in force (hubctl privacy rules list --lab ${o.lab})`
            : `lab "${o.lab}" has no version ${wanted}`,
        );
      }
      createOutput(o.json === true).result(found, versionText(found));
    });

  rules
    .command('dry-run')
    .description(
      'what a proposal would change against the version in force, on sample messages (nothing stored)',
    )
    .requiredOption('--lab <lab>', 'the lab, e.g. scheveningen')
    .option('--file <rules.json>', 'the rule set to try')
    .option('--version <n>', 'or: a stored version of the lab')
    .option('--samples <file>', 'a JSON array of { kind, lamppost?, payload } device messages')
    .option('--kinds <list>', 'simulated samples of these kinds, e.g. sound,camera (default: all)')
    .option('--lampposts <n>', 'simulated lampposts, 1 to 5', '1')
    .option('--token-file <file>', TOKEN_FILE_HELP)
    .option('--json', 'print the whole dry run as one JSON object')
    .action(
      async (
        o: Common & {
          file?: string;
          version?: string;
          samples?: string;
          kinds?: string;
          lampposts: string;
        },
      ) => {
        if ((o.file === undefined) === (o.version === undefined)) {
          throw new CommandError('give either --file <rules.json> or --version <n>', 2);
        }
        const samples = o.samples === undefined ? undefined : readJsonFile(o.samples);
        if (samples !== undefined && !Array.isArray(samples)) {
          throw new CommandError(`${o.samples} must hold a JSON array of samples`, 2);
        }
        const input = {
          lab: o.lab,
          ...(o.file !== undefined && { proposal: readJsonFile(o.file) }),
          ...(o.version !== undefined && { version: wholeNumber('--version', o.version) }),
          ...(samples !== undefined && { samples }),
          // Simulated samples unless only inline ones were asked for.
          ...((samples === undefined || o.kinds !== undefined) && {
            preset: {
              lampposts: wholeNumber('--lampposts', o.lampposts),
              ...(o.kinds !== undefined && { kinds: o.kinds.split(',').map((k) => k.trim()) }),
            },
          }),
        };
        const api = apiWithTokenFile(config(), o.tokenFile);
        const { privacyDryRun } = await api.request<{ privacyDryRun: DryRunJson }>(DRY_RUN, {
          input,
        });
        createOutput(o.json === true).result(privacyDryRun, dryRunText(privacyDryRun));
      },
    );
}
