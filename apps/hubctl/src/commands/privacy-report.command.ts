import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { HubctlConfig } from '@hub/config';
import { CommandError, createOutput } from '../output.js';
import { apiWithTokenFile, TOKEN_FILE_HELP } from '../token-file.js';

interface Options {
  lab: string;
  format: string;
  out?: string;
  scan?: boolean;
  tokenFile?: string;
}

const REPORT = `query ($lab: String!, $format: String!) { privacyReport(lab: $lab, format: $format) }`;
// The scan of the report's lab: what its officer may run (a hub-wide scan is for admins).
const SCAN = `mutation ($lab: String!) { runComplianceScan(lab: $lab) { eventsScanned total } }`;

/**
 * `hubctl privacy report --lab <lab> --format md|html|json`: the lab's privacy report for a DPIA
 * annex and the Art. 30 register, from the running hub. `--scan` runs a compliance scan of the
 * log first, so the report carries a fresh result.
 */
export function registerPrivacyReport(parent: Command, config: () => HubctlConfig): void {
  parent
    .command('report')
    .description(
      "a lab's privacy report (purposes, data, rules, retention, recipients, keys, scan, history)",
    )
    .requiredOption('--lab <lab>', 'the lab, e.g. scheveningen')
    .option('--format <format>', 'md, html or json', 'md')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--scan', 'run a compliance scan of the event log first')
    .option('--token-file <file>', TOKEN_FILE_HELP)
    .action(async (options: Options) => {
      if (!['md', 'html', 'json'].includes(options.format)) {
        throw new CommandError(`--format must be md, html or json, not "${options.format}"`, 2);
      }
      const out = createOutput(false);
      const api = apiWithTokenFile(config(), options.tokenFile);
      if (options.scan) {
        const { runComplianceScan: s } = await api.request<{
          runComplianceScan: { eventsScanned: number; total: number };
        }>(SCAN, { lab: options.lab });
        out.note(`compliance scan: ${s.eventsScanned} events, ${s.total} findings`);
      }
      const { privacyReport } = await api.request<{ privacyReport: string }>(REPORT, {
        lab: options.lab,
        format: options.format,
      });
      if (options.out) {
        writeFileSync(options.out, privacyReport);
        out.note(`wrote ${options.out}`);
      } else {
        process.stdout.write(privacyReport.endsWith('\n') ? privacyReport : `${privacyReport}\n`);
      }
    });
}
