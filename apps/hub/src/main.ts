import { ConfigError, readHubConfigFromEnvironment } from '@hub/config';
import { startHub } from './hub.js';

try {
  await startHub(readHubConfigFromEnvironment());
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`hub: ${error.message}\nSee docs/configuration.md for every variable.\n`);
  } else {
    process.stderr.write(
      `hub: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
}
