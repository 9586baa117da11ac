import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU seconds a process has used: all its threads, and its main thread alone (Linux, /proc). */
export interface CpuTime {
  readonly process: number;
  readonly mainThread: number;
}

let ticksPerSecond: number | undefined;

function ticks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return ticksPerSecond;
}

/** utime + stime of a `stat` file, in seconds (fields 14 and 15, counted after the command). */
function statSeconds(path: string): number {
  const text = readFileSync(path, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks();
}

/** Null where /proc cannot be read (not Linux, or the process is gone). */
export function cpuTime(pid: number): CpuTime | null {
  try {
    return {
      process: statSeconds(`/proc/${pid}/stat`),
      mainThread: statSeconds(`/proc/${pid}/task/${pid}/stat`),
    };
  } catch {
    return null;
  }
}

/** Microseconds of CPU per message between two readings, or null when either is missing. */
export function cpuMicrosPerMessage(
  before: CpuTime | null,
  after: CpuTime | null,
  messages: number,
  part: keyof CpuTime = 'process',
): number | null {
  if (!before || !after || messages <= 0) return null;
  return Math.round(((after[part] - before[part]) * 1e6) / messages);
}
