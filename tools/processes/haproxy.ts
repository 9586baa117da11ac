import { spawn } from 'node:child_process';
import { PortTakenError, processListensOn, saysPortTaken } from './ports.js';
import { collectOutput } from './process-output.js';
import { HAPROXY } from './system-programs.js';

/** HAProxy running in the foreground, its log (the config logs to stdout) kept. */
export interface HaproxyProcess {
  readonly pid: number;
  /** Its log so far (with a log file: the tail). */
  log(): string;
  /** Waits for a log line containing `text` (HAProxy logs each server's state changes). */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  /** Calls `listener` with each new log line. */
  onLine(listener: (line: string) => void): void;
  /** Stops it (SIGTERM: at once, open connections are closed) and waits until it is gone. */
  stop(): Promise<void>;
  /** Resolves once it is gone, with its exit code. */
  readonly ended: Promise<number | null>;
}

export function startHaproxy(
  configFile: string,
  options: { logFile?: string; ownProcessGroup?: boolean } = {},
): HaproxyProcess {
  // -db: foreground, no daemon; the config's `log stdout` lines come out on stdout.
  const child = spawn(HAPROXY.command, ['-db', '-f', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup === true,
  });
  const output = collectOutput(child, options.logFile);
  const ended = new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('exit', (code) => resolve(code));
  });
  let gone = false;
  void ended.then(() => (gone = true));
  return {
    pid: child.pid ?? -1,
    log: () => output.text(),
    async waitForLog(text, timeoutMs = 60_000) {
      await output.waitForLine(
        (line) => line.includes(text),
        timeoutMs,
        `HAProxy logging "${text}"`,
      );
    },
    onLine(listener) {
      for (const stream of [child.stdout, child.stderr]) {
        let partial = '';
        stream?.on('data', (chunk: Buffer) => {
          const lines = (partial + chunk.toString()).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) listener(line);
        });
      }
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      await ended;
    },
    ended,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts HAProxy and waits until it listens on every one of `ports` (its frontends; /proc says
 * which process holds a port, so another program on it does not count). When HAProxy stops
 * because one of them was taken (picked free, then bound by another process before HAProxy bound
 * it) this throws PortTakenError, so that `startOnFreePorts` starts it on new ports; any other
 * early stop throws with its log.
 */
export async function startHaproxyListening(
  configFile: string,
  ports: readonly number[],
  options: { logFile?: string; ownProcessGroup?: boolean; timeoutMs?: number } = {},
): Promise<HaproxyProcess> {
  const haproxy = startHaproxy(configFile, options);
  let gone = false;
  void haproxy.ended.then(() => (gone = true));
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!gone) {
    if (ports.every((port) => processListensOn(haproxy.pid, port))) return haproxy;
    if (Date.now() > deadline) {
      await haproxy.stop();
      throw new Error(
        `HAProxy did not listen on ${ports.join(', ')}:\n${haproxy.log().slice(-2000)}`,
      );
    }
    await sleep(20);
  }
  // Its last lines may come in just after it exits.
  for (let i = 0; i < 50 && !saysPortTaken(haproxy.log()); i++) await sleep(20);
  const log = haproxy.log();
  if (saysPortTaken(log)) {
    const port = /Address already in use\) for \[[^\]]*:(\d+)\]/.exec(log);
    throw new PortTakenError(port ? Number(port[1]) : 0);
  }
  throw new Error(`HAProxy stopped as it started:\n${log.slice(-2000)}`);
}
