import { spawn } from 'node:child_process';
import { describe, expect, test } from '@jest/globals';
import { removeDir, tempDataDir } from './support/test-hub.js';

const MAIN = 'dist/apps/hub/src/main.js';
/** A loaded machine (CI beside other work) can take tens of seconds to boot Nest; a bound, not a speed. */
const BOOT_BOUND_MS = 60_000;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

function runHub(
  env: Record<string, string>,
  onStdout?: (text: string, kill: () => void) => void,
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', HUB_BIND_HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), BOOT_BOUND_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, () => child.kill('SIGTERM'));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, stdout });
    });
  });
}

describe('booting the compiled hub', () => {
  test('a bad port stops boot with a message naming the variable and what is allowed', async () => {
    const dataDir = tempDataDir();
    try {
      const exit = await runHub({
        HUB_MQTT_PORT: '99999',
        HUB_HTTP_PORT: 'http',
        HUB_DATA_DIR: dataDir,
      });
      expect(exit.code).toBe(1);
      expect(exit.stderr).toContain('HUB_MQTT_PORT="99999": must not be greater than 65535');
      expect(exit.stderr).toContain('HUB_HTTP_PORT="http": must be an integer number');
    } finally {
      removeDir(dataDir);
    }
  }, 180_000);

  test('SIGTERM shuts the hub down cleanly after it logged the ports it bound', async () => {
    const dataDir = tempDataDir();
    try {
      let sent = false;
      const exit = await runHub(
        { HUB_MQTT_PORT: '0', HUB_HTTP_PORT: '0', HUB_DATA_DIR: dataDir },
        (out, kill) => {
          if (!sent && out.includes('"msg":"hub ready"')) {
            sent = true;
            kill();
          }
        },
      );
      expect(sent).toBe(true);
      const ready = JSON.parse(
        exit.stdout.split('\n').find((l) => l.includes('"msg":"hub ready"')) ?? '{}',
      ) as {
        httpPort?: number;
        mqttPort?: number;
      };
      expect(ready.httpPort).toBeGreaterThan(0);
      expect(ready.mqttPort).toBeGreaterThan(0);
      expect(exit.code).toBe(0);
      expect(exit.stderr).toBe('');
      expect(exit.stdout).toContain('"msg":"stopped"');
    } finally {
      removeDir(dataDir);
    }
  }, 180_000);
});
