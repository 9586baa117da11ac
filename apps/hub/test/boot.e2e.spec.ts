import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import BetterSqlite3 from 'better-sqlite3';
import { writeVersion1Log } from '../../../libs/event-store/src/sqlite/version-1-log.js';
import { removeDir, tempDataDir } from './support/test-hub.js';
import { harnessEnv } from '../../../tools/processes/harness-env.js';

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
      env: { ...harnessEnv.clean(), HUB_BIND_HOST: '127.0.0.1', ...env },
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

  test('a data dir whose log a hub of schema version 1 wrote opens: the log is rewritten to version 3 and the registry loads the old lab', async () => {
    const dataDir = tempDataDir();
    try {
      const actor = { actor: { role: 'admin', subject: 'admin' } };
      const events = join(dataDir, 'events.sqlite');
      writeVersion1Log(events, [
        {
          streamId: 'municipality-den-haag',
          type: 'MunicipalityRegistered',
          data: { municipality: 'den-haag' },
          metadata: actor,
        },
        {
          streamId: 'lab-old-lab',
          type: 'LabCreated',
          data: { lab: 'old-lab', municipality: 'den-haag' },
          metadata: actor,
        },
      ]);
      for (const name of readdirSync(dataDir)) chmodSync(join(dataDir, name), 0o600);
      let answer: { reason?: string } | undefined;
      let asked = false;
      const exit = await runHub(
        { HUB_MQTT_PORT: '0', HUB_HTTP_PORT: '0', HUB_DATA_DIR: dataDir },
        (out, kill) => {
          const line = out.split('\n').find((l) => l.includes('"msg":"hub ready"'));
          if (!line || asked) return;
          asked = true;
          const { httpPort } = JSON.parse(line) as { httpPort: number };
          void createLab(httpPort, readFileSync(join(dataDir, 'admin-token'), 'utf8').trim())
            .then((a) => (answer = a))
            .finally(kill);
        },
      );
      expect(exit.code).toBe(0);
      // The old LabCreated was read at boot: the same lab again is refused.
      expect(answer?.reason).toBe('LAB_EXISTS');
      const db = new BetterSqlite3(events, { readonly: true });
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(3);
        expect(
          db
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'events_type'")
            .get(),
        ).toEqual({ name: 'events_type' });
        // The old events, as an auditor reading the file with sqlite3 sees them.
        expect(
          db
            .prepare('SELECT position, stream_id, event_id, type FROM events WHERE position <= 2')
            .all(),
        ).toEqual([
          {
            position: 1,
            stream_id: 'municipality-den-haag',
            event_id: 'v1-1',
            type: 'MunicipalityRegistered',
          },
          { position: 2, stream_id: 'lab-old-lab', event_id: 'v1-2', type: 'LabCreated' },
        ]);
      } finally {
        db.close();
      }
    } finally {
      removeDir(dataDir);
    }
  }, 180_000);
});

/** `createLab` through GraphQL with the admin token: the refusal's code, if any. */
async function createLab(httpPort: number, token: string): Promise<{ reason?: string }> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation { createLab(id: "old-lab", municipality: "den-haag") { id } }',
    }),
  });
  const body = (await res.json()) as {
    errors?: { extensions?: { reason?: string; code?: string } }[];
  };
  const error = body.errors?.[0]?.extensions;
  return { reason: error?.reason ?? error?.code };
}
