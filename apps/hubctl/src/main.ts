import { Command, CommanderError } from 'commander';
import { ConfigError, readHubctlConfigFromEnvironment, type HubctlConfig } from '@hub/config';
import { createHubApiClient, type HubApiClient } from './api-client.js';
import { registerDeviceCommands } from './commands/device-commands.js';
import { registerLabCommands } from './commands/lab-commands.js';
import { registerPrivacyScan } from './commands/privacy-scan.command.js';
import { registerPrivacyReport } from './commands/privacy-report.command.js';
import { registerPrivacyVerify } from './commands/privacy-verify.command.js';
import { registerRuleChanges } from './commands/rules/privacy-rules-change.command.js';
import { registerRuleReads } from './commands/rules/privacy-rules-read.command.js';
import { registerProjectionsRebuild } from './commands/projections-rebuild.command.js';
import { registerSharingCommands } from './commands/sharing-commands.js';
import { registerStoreCopy } from './commands/store-copy.command.js';
import { registerTokenCommands } from './commands/token-commands.js';
import { CommandError } from './output.js';

/**
 * hubctl: the hub's command line for partners, operators and privacy officers.
 * `npx hubctl <noun> <verb> [options] [--json]`
 */
const program = new Command('hubctl')
  .description('command line for the lamppost hub')
  .showHelpAfterError()
  .exitOverride();

let config: HubctlConfig | undefined;
const lazyConfig = (): HubctlConfig => (config ??= readHubctlConfigFromEnvironment());
let api: HubApiClient | undefined;
/** The running hub's API (HUB_URL, admin token), for commands that talk to the hub. */
const lazyApi = (): HubApiClient => (api ??= createHubApiClient(lazyConfig()));

const projections = program
  .command('projections')
  .description('read models fed from the event log');
registerProjectionsRebuild(projections, lazyConfig);

registerStoreCopy(
  program.command('store').description('the event log itself: move it between stores'),
);

const privacy = program.command('privacy').description('privacy checks for privacy officers');
registerPrivacyScan(privacy, lazyConfig);
registerPrivacyVerify(privacy, lazyConfig);
registerPrivacyReport(privacy, lazyConfig);
const rules = privacy
  .command('rules')
  .description("a lab's privacy rule versions: read, propose, dry-run, four-eyes approval");
registerRuleReads(rules, lazyConfig);
registerRuleChanges(rules, lazyConfig);

registerLabCommands(program.command('lab').description('living labs (partner API)'), lazyApi);
registerDeviceCommands(
  program.command('device').description('lamppost device credentials (partner API)'),
  lazyApi,
);
registerTokenCommands(program.command('token').description('API tokens (admin API)'), lazyApi);
registerSharingCommands(
  program.command('sharing').description('sharing agreements between municipalities'),
  lazyApi,
);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  if (error instanceof CommandError) {
    process.stderr.write(`hubctl: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`hubctl: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`hubctl: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
