import type { Command } from 'commander';
import type { HubctlConfig } from '@hub/config';
import { CommandError, createOutput } from '../../output.js';
import { apiWithTokenFile, TOKEN_FILE_HELP } from '../../token-file.js';
import { readJsonFile, wholeNumber } from './read-json-file.js';
import { ACTIVATE, APPROVE, PROPOSE, REJECT, WITHDRAW, type VersionJson } from './rule-queries.js';
import { versionText } from './rule-text.js';

interface Common {
  lab: string;
  version: string;
  json?: boolean;
  tokenFile?: string;
}

type Send = (
  api: ReturnType<typeof apiWithTokenFile>,
  o: Common & Record<string, string | boolean | undefined>,
) => Promise<VersionJson>;

/** Options every lifecycle step shares: the lab and version, whose token, and --json. */
function step(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .requiredOption('--lab <lab>', 'the lab, e.g. scheveningen')
    .requiredOption('--version <n>', 'the version')
    .option('--token-file <file>', TOKEN_FILE_HELP)
    .option('--json', 'print the resulting version as one JSON object');
}

function act(config: () => HubctlConfig, send: Send) {
  return async (o: Common & Record<string, string | boolean | undefined>) => {
    wholeNumber('--version', o.version);
    const version = await send(apiWithTokenFile(config(), o.tokenFile), o);
    createOutput(o.json === true).result(version, versionText(version));
  };
}

/** `hubctl privacy rules propose|approve|reject|withdraw|activate`: the four-eyes lifecycle. */
export function registerRuleChanges(rules: Command, config: () => HubctlConfig): void {
  rules
    .command('propose')
    .description(
      "propose a new version of a lab's rule set (the complete rule set, version raised)",
    )
    .requiredOption('--file <rules.json>', 'the complete rule set (docs/privacy-rules.md)')
    .requiredOption('--reason <text>', 'why, in words')
    .requiredOption('--reference <ref>', 'your DPIA or ticket reference')
    .option('--lab <lab>', 'the lab (default: the "lab" in the file)')
    .option('--token-file <file>', TOKEN_FILE_HELP)
    .option('--json', 'print the proposed version as one JSON object')
    .action(
      async (o: {
        file: string;
        reason: string;
        reference: string;
        lab?: string;
        tokenFile?: string;
        json?: boolean;
      }) => {
        const content = readJsonFile(o.file);
        const lab = o.lab ?? (content as { lab?: unknown } | null)?.lab;
        if (typeof lab !== 'string') {
          throw new CommandError(`give --lab, or a "lab" in ${o.file}`, 2);
        }
        const api = apiWithTokenFile(config(), o.tokenFile);
        const { proposeRuleSet } = await api.request<{ proposeRuleSet: VersionJson }>(PROPOSE, {
          input: { lab, content, reason: o.reason, reference: o.reference },
        });
        createOutput(o.json === true).result(proposeRuleSet, versionText(proposeRuleSet));
      },
    );

  step(rules, 'approve', 'approve a proposal: a privacy officer other than its author (four eyes)')
    .option('--note <text>', 'what you checked')
    .action(
      act(config, async (api, o) => {
        const r = await api.request<{ approveRuleSet: VersionJson }>(APPROVE, {
          lab: o.lab,
          version: Number(o.version),
          ...(typeof o.note === 'string' && { note: o.note }),
        });
        return r.approveRuleSet;
      }),
    );

  step(rules, 'reject', 'reject a proposal, saying why')
    .requiredOption('--reason <text>', 'why, in words')
    .action(
      act(config, async (api, o) => {
        const r = await api.request<{ rejectRuleSet: VersionJson }>(REJECT, {
          lab: o.lab,
          version: Number(o.version),
          reason: o.reason,
        });
        return r.rejectRuleSet;
      }),
    );

  step(rules, 'withdraw', 'withdraw a version not yet in force (its author, or an officer)')
    .requiredOption('--reason <text>', 'why, in words')
    .action(
      act(config, async (api, o) => {
        const r = await api.request<{ withdrawRuleSet: VersionJson }>(WITHDRAW, {
          lab: o.lab,
          version: Number(o.version),
          reason: o.reason,
        });
        return r.withdrawRuleSet;
      }),
    );

  step(rules, 'activate', 'put an approved version in force, now or at --at (at most a year ahead)')
    .option('--at <time>', 'ISO 8601 time, e.g. 2026-07-01T06:00:00Z (default: now)')
    .action(
      act(config, async (api, o) => {
        const r = await api.request<{ activateRuleSet: VersionJson }>(ACTIVATE, {
          lab: o.lab,
          version: Number(o.version),
          ...(typeof o.at === 'string' && { effectiveAt: o.at }),
        });
        return r.activateRuleSet;
      }),
    );
}
