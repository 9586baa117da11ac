import { spawn, type ChildProcess } from 'node:child_process';
import { collectOutput } from './process-output.js';
import { harnessEnv } from './harness-env.js';

export interface ChildHub {
  readonly httpPort: number;
  readonly mqttPort: number;
  readonly pid: number;
  /** Everything the hub wrote to stdout and stderr so far. */
  output(): string;
  /**
   * Resolves with the first output line that `matches`, waiting up to `timeoutMs` for it: the
   * hub's log can reach this process after the effect a test observed (a closed socket, an
   * answer), so a test that looks for a log line waits for it rather than reading it at once.
   */
  waitForLine(matches: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then resolves with the exit code once it has stopped. */
  stop(): Promise<number | null>;
  /** Sends a signal (e.g. SIGKILL, as a crash would) and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
  /** Resolves once the process is gone, however it ended. */
  readonly ended: Promise<HubExit>;
}

/** How a hub process ended: its exit code, or the signal that ended it. */
export interface HubExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ChildHubOptions {
  /** Appends the hub's output to this file; `output()` then keeps only its tail. */
  readonly logFile?: string;
  /**
   * Its own process group: Ctrl-C in the terminal reaches only this process, which then stops
   * the hub in its own order (`npm run cluster`).
   */
  readonly ownProcessGroup?: boolean;
}

/**
 * Runs the compiled hub as its own process, as an operator would (`node dist/apps/hub/src/main.js`),
 * on free loopback ports, and keeps its log output for inspection.
 */
export function startChildHub(
  env: Record<string, string>,
  timeoutMs = 90_000,
  options: ChildHubOptions = {},
): Promise<ChildHub> {
  const child: ChildProcess = spawn(process.execPath, ['dist/apps/hub/src/main.js'], {
    env: {
      ...harnessEnv.clean(),
      HUB_BIND_HOST: '127.0.0.1',
      HUB_MQTT_PORT: '0',
      HUB_HTTP_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup === true,
  });
  const output = collectOutput(child, options.logFile);
  const waitForLine = (matches: (line: string) => boolean, timeoutMs = 20_000) =>
    output.waitForLine(matches, timeoutMs, 'a matching hub log line');
  const ended = new Promise<HubExit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const exited = ended.then(({ code }) => code);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub did not become ready in ${timeoutMs} ms:\n${output.text()}`));
    }, timeoutMs);
    const onData = () => {
      const line = output
        .text()
        .split('\n')
        .find((l) => l.includes('"msg":"hub ready"'));
      if (!line) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      const ready = JSON.parse(line) as { httpPort: number; mqttPort: number };
      resolve({
        httpPort: ready.httpPort,
        mqttPort: ready.mqttPort,
        pid: child.pid ?? -1,
        output: () => output.text(),
        waitForLine,
        ended,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
        kill: (signal) => {
          child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code} before it was ready:\n${output.text()}`));
    });
  });
}
