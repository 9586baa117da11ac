import { Command, CommanderError } from 'commander';
import { ConfigError, readHubctlConfigFromEnvironment, type HubctlConfig } from '@hub/config';
import { registerPrivacyScan } from './commands/privacy-scan.command.js';
import { registerProjectionsRebuild } from './commands/projections-rebuild.command.js';
import { CommandError } from './output.js';

/**
 * hubctl: the hub's command line for partners, operators and privacy officers.
 * `npm run hubctl -- <noun> <verb> [options] [--json]`
 */
const program = new Command('hubctl')
  .description('command line for the lamppost hub')
  .showHelpAfterError()
  .exitOverride();

let config: HubctlConfig | undefined;
const lazyConfig = (): HubctlConfig => (config ??= readHubctlConfigFromEnvironment());

const projections = program
  .command('projections')
  .description('read models fed from the event log');
registerProjectionsRebuild(projections, lazyConfig);

const privacy = program.command('privacy').description('privacy checks for privacy officers');
registerPrivacyScan(privacy, lazyConfig);

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
