import { spawn } from 'node:child_process';

/** A detached shell that cleans up after this process if it dies without doing so itself. */
export interface Watchdog {
  /** This process cleaned up after itself: the watchdog goes without running its script. */
  cancel(): void;
}

/**
 * Starts a detached `sh` that checks every 2 s whether this process is alive and, once it is
 * not (SIGKILL, a killed test worker), runs `script`: servers this process started keep running
 * otherwise, since they do not belong to its process group.
 */
export function startWatchdog(script: string): Watchdog {
  const watchdog = spawn(
    'sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; ${script}`],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  return {
    cancel() {
      if (watchdog.pid === undefined) return;
      try {
        process.kill(-watchdog.pid, 'SIGKILL'); // its process group: sh and its sleep
      } catch {
        // already gone
      }
    },
  };
}
