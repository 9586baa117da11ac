import { ConfigError, isDataDirRefusal, readHubConfigFromEnvironment } from '@hub/config';
import { startHub, type RunningHub } from './hub.js';

/**
 * Graceful shutdown on SIGTERM/SIGINT: stop accepting devices, let in-flight appends finish and
 * be acknowledged, stop the read models, flush and close the log, then exit 0. A second signal
 * exits at once.
 */
function exitGracefully(hub: RunningHub): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(130);
    closing = true;
    hub.logger.log({ msg: 'shutting down', signal });
    hub.close().then(
      () => {
        hub.logger.log({ msg: 'stopped' });
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`hub: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

try {
  exitGracefully(await startHub(readHubConfigFromEnvironment()));
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`hub: ${error.message}\nSee docs/configuration.md for every variable.\n`);
  } else if (isDataDirRefusal(error)) {
    // The message names the code, the holder (pid, ports) or the path: no stack needed.
    process.stderr.write(`hub: ${error.message}\n`);
  } else {
    process.stderr.write(
      `hub: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
}
