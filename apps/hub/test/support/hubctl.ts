import { spawn } from 'node:child_process';
import { harnessEnv } from '../../../../tools/processes/harness-env.js';

export interface HubctlRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the compiled CLI (built by jest's global setup) as a user would, without blocking the
 * event loop, so an in-process test hub can answer it. Only PATH and the given variables are set.
 */
export function runHubctl(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<HubctlRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/apps/hubctl/src/main.js', ...args], {
      env: { ...harnessEnv.clean(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
