import type { Command } from 'commander';
import type { HubctlConfig } from '@hub/config';
import { scanDataDir } from '../privacy/scan-data-dir.js';
import { CommandError, createOutput } from '../output.js';

interface Options {
  dataDir?: string;
  json?: boolean;
}

/** `hubctl privacy scan`: proof for a privacy officer that no raw data sits in the data dir. */
export function registerPrivacyScan(parent: Command, config: () => HubctlConfig): void {
  parent
    .command('scan')
    .description('scan the event log and every file under the data dir for raw-data signatures')
    .option('--data-dir <dir>', 'the hub data dir (default: HUB_DATA_DIR or ./data)')
    .option('--json', 'print the result as one JSON object')
    .action((options: Options) => {
      const out = createOutput(options.json === true);
      const dataDir = options.dataDir ?? config().hub.dataDir;
      let result;
      try {
        result = scanDataDir(dataDir);
      } catch (error) {
        throw new CommandError(`cannot scan ${dataDir}: ${(error as Error).message}`);
      }
      const lines = [
        `scanned ${result.filesScanned} files (${result.bytesScanned} bytes, ${result.valuesScanned} database values) in ${dataDir}`,
        result.total === 0
          ? 'no raw-data signatures found'
          : `${result.total} findings: ${JSON.stringify(result.bySignature)}`,
        ...result.findings
          .slice(0, 20)
          .map((f) => `  ${f.signature} at ${f.location} offset ${f.offset}`),
      ];
      out.result(result, lines.join('\n'));
      // Findings are a failed check: scripts and CI can gate on the exit code.
      if (result.total > 0) process.exitCode = 1;
    });
}
