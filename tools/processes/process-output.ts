import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** What a child process wrote to stdout and stderr, and a way to wait for a line of it. */
export interface ProcessOutput {
  /** Everything so far (with a log file: the last 64 KB or more). */
  text(): string;
  /**
   * Resolves with the first line that `matches`, waiting up to `timeoutMs` for it; rejects
   * naming `what` with the last of the output when it does not come (or the process ends).
   */
  waitForLine(matches: (line: string) => boolean, timeoutMs: number, what: string): Promise<string>;
}

const KEPT_WITH_LOG_FILE = 64 * 1024;

/**
 * Collects a child's stdout and stderr. With `logFile` the output is appended there and only its
 * tail is kept in memory, so a process that runs for hours does not grow this one's memory.
 */
export function collectOutput(child: ChildProcess, logFile?: string): ProcessOutput {
  const file = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
  let output = '';
  let closed = false;
  const waiters = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of [...waiters]) wake();
  };
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (file) {
      file.write(chunk);
      if (output.length > 2 * KEPT_WITH_LOG_FILE) output = output.slice(-KEPT_WITH_LOG_FILE);
    }
    wakeAll();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  // 'close' comes after the last output: the log file ends there, not at 'exit'.
  child.on('close', () => {
    closed = true;
    file?.end();
    wakeAll();
  });
  return {
    text: () => output,
    waitForLine: (matches, timeoutMs, what) =>
      new Promise<string>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(look);
        };
        const look = () => {
          const line = output.split('\n').find(matches);
          if (line !== undefined) {
            done();
            resolve(line);
          } else if (closed) {
            done();
            reject(new Error(`${what}: the process ended first:\n${output.slice(-4000)}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`${what}: not within ${timeoutMs} ms:\n${output.slice(-4000)}`));
        }, timeoutMs);
        waiters.add(look);
        look();
      }),
  };
}
