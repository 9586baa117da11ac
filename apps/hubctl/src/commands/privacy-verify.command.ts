import type { Command } from 'commander';
import { dataDirFiles, type HubctlConfig } from '@hub/config';
import { verifySqliteChains, type OfflineChainReport } from '@hub/governance';
import { createHubApiClient } from '../api-client.js';
import { CommandError, createOutput } from '../output.js';

interface Options {
  dataDir?: string;
  json?: boolean;
}

const QUERY = `{ ruleChainVerification {
  intact labs { lab events intact head break { revision position eventId type reason } }
} }`;

/**
 * `hubctl privacy verify`: checks the hash chain of every lab's rule history. With the embedded
 * store it reads the log file itself (read-only, the hub may be running or not); with
 * EventStoreDB it asks the running hub.
 */
export function registerPrivacyVerify(parent: Command, config: () => HubctlConfig): void {
  parent
    .command('verify')
    .description("check the hash chain of every lab's privacy rule history")
    .option('--data-dir <dir>', 'the hub data dir (default: HUB_DATA_DIR or ./data)')
    .option('--json', 'print the result as one JSON object')
    .action(async (options: Options) => {
      const out = createOutput(options.json === true);
      const c = config();
      let labs: OfflineChainReport[];
      if (c.hub.eventStore.kind === 'eventstoredb' && options.dataDir === undefined) {
        const data = await createHubApiClient(c).request<{
          ruleChainVerification: { labs: OfflineChainReport[] };
        }>(QUERY);
        labs = data.ruleChainVerification.labs;
      } else {
        const file = options.dataDir
          ? dataDirFiles(options.dataDir).events
          : c.hub.eventStore.sqlite.file;
        try {
          labs = verifySqliteChains(file);
        } catch (error) {
          throw new CommandError(`cannot read the event log ${file}: ${(error as Error).message}`);
        }
      }
      const intact = labs.every((l) => l.intact);
      const lines = labs.map((l) =>
        l.intact
          ? `${l.lab}: intact (${l.events} rule events, head ${l.head?.slice(0, 16) ?? '-'})`
          : `${l.lab}: BROKEN at event ${l.break?.revision} (log position ${l.break?.position}, ${l.break?.type}): ${l.break?.reason}`,
      );
      if (labs.length === 0) lines.push('no rule history found');
      out.result({ intact, labs }, lines.join('\n'));
      // A broken chain is a failed check: scripts and CI can gate on the exit code.
      if (!intact) process.exitCode = 1;
    });
}
