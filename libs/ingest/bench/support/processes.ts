import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../../../tools/processes/ports.js';
import { harnessEnv } from '../../../../tools/processes/harness-env.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  pollMs = 100,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(pollMs);
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

/** Resident set size of a process in MiB, from /proc/<pid>/status (Linux). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb[1]) / 1024;
}

function stopChild(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface HubProcess {
  readonly pid: number;
  readonly httpPort: number;
  readonly mqttUrl: string;
  readonly dataDir: string;
  adminToken(): string;
  /** The Prometheus text of /metrics. */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The real hub as a child process (`node dist/apps/hub/src/main.js`), so the load generator
 * never shares its event loop. `env` overrides the bench defaults.
 */
export async function startHubProcess(
  root: string,
  dataDir: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
  /** How often readiness is polled (the boot bench times start-up to this resolution). */
  readyPollMs = 100,
  /** How long start-up may take (a hub that catches up a large log at boot takes longer). */
  readyTimeoutMs = 60_000,
): Promise<HubProcess> {
  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  const logPath = join(dataDir, '..', 'hub.log');
  const log = createWriteStream(logPath);
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist/apps/hub/src/main.js')], {
    cwd: root,
    env: {
      // Only PATH from this shell: the bench hub's settings are the bench's own, not whatever
      // HUB_* variables happen to be exported here.
      ...harnessEnv.clean(),
      HUB_DATA_DIR: dataDir,
      HUB_HTTP_PORT: String(httpPort),
      HUB_MQTT_PORT: String(mqttPort),
      HUB_BIND_HOST: '127.0.0.1',
      HUB_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}; see ${logPath}`))),
  );
  exited.catch(() => undefined);
  const ready = async (): Promise<boolean> => {
    try {
      const res = await fetch(`http://127.0.0.1:${httpPort}/health/ready`);
      return res.ok && (await accepts(mqttPort));
    } catch {
      return false;
    }
  };
  await Promise.race([waitFor('the hub', ready, readyTimeoutMs, readyPollMs), exited]);
  return {
    pid: child.pid ?? 0,
    httpPort,
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    dataDir,
    adminToken: () => readFileSync(join(dataDir, 'admin-token'), 'utf8').trim(),
    // /metrics needs the metrics token the hub created in its data dir (docs/configuration.md).
    metrics: async () =>
      (
        await fetch(`http://127.0.0.1:${httpPort}/metrics`, {
          headers: {
            authorization: `Bearer ${readFileSync(join(dataDir, 'metrics-token'), 'utf8').trim()}`,
          },
        })
      ).text(),
    stop: () => stopChild(child),
  };
}

export interface MosquittoProcess {
  readonly pid: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** Debian's mosquitto on a free loopback port with anonymous access (the reference broker). */
export async function startMosquitto(dir: string, binary = '/usr/sbin/mosquitto') {
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const child = spawn(binary, ['-c', conf], { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (e) => reject(new Error(`cannot start ${binary}: ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`mosquitto exited with ${code}`)));
  });
  failed.catch(() => undefined);
  await Promise.race([waitFor('mosquitto', () => accepts(port), 10_000), failed]);
  const result: MosquittoProcess = {
    pid: child.pid ?? 0,
    url: `mqtt://127.0.0.1:${port}`,
    stop: () => stopChild(child),
  };
  return result;
}

/**
 * The bare-aedes reference (bare-aedes.ts): aedes plus a JSON parse and a group-committed append
 * to the embedded log before each PUBACK, nothing else of the hub.
 */
export async function startBareAedes(root: string, dir: string): Promise<MosquittoProcess> {
  const port = await freePort();
  const script = join(root, 'dist/libs/ingest/bench/bare-aedes.js');
  const child = spawn(process.execPath, [script, String(port), join(dir, 'bare-aedes.sqlite')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('exit', (code) => reject(new Error(`bare aedes exited with ${code}`)));
  });
  failed.catch(() => undefined);
  await Promise.race([waitFor('bare aedes', () => accepts(port), 10_000), failed]);
  return { pid: child.pid ?? 0, url: `mqtt://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/** Sum of a Prometheus counter's samples whose labels contain `labelFilter` (e.g. `kind="temperature"`). */
export function counterValue(metricsText: string, name: string, labelFilter = ''): number {
  let total = 0;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    if (labelFilter && !rest.includes(labelFilter)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
