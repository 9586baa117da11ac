import { spawnSync } from 'node:child_process';
import { describe } from '@jest/globals';

/**
 * A few interop tests drive Debian programs (mosquitto, mosquitto_pub, chromium). A fresh machine with only
 * Node and npm does not have them, and README's `npm test` must still pass there, so such a
 * suite is skipped with one visible line naming the package to install. CI (.ci/run) installs
 * the packages and sets HUB_REQUIRE_SYSTEM_PACKAGES=1 (a test-only switch, not hub config): a
 * missing program then fails the suite instead of skipping it, so CI cannot pass by skipping.
 */
export interface SystemProgram {
  /** The program on PATH, e.g. `mosquitto_pub`. */
  readonly command: string;
  /** The Debian package that provides it, e.g. `mosquitto-clients`. */
  readonly debianPackage: string;
  /** Arguments that make it exit at once (`--help`, `-h`). */
  readonly probeArgs?: readonly string[];
  /** What the skip line says is missing, when not the command (e.g. `postgresql`). */
  readonly label?: string;
}

export const MOSQUITTO: SystemProgram = {
  command: 'mosquitto',
  debianPackage: 'mosquitto',
  probeArgs: ['-h'],
};
export const MOSQUITTO_CLIENTS: SystemProgram = {
  command: 'mosquitto_pub',
  debianPackage: 'mosquitto-clients',
  probeArgs: ['--help'],
};

/** The browser of the console's browser tests (apps/console/test/support/browser.ts). */
export const CHROMIUM: SystemProgram = {
  command: 'chromium',
  debianPackage: 'chromium',
  probeArgs: ['--version'],
};

/** The load balancer of the multi-node deployment (infra/haproxy/haproxy.cfg is checked with it). */
export const HAPROXY: SystemProgram = {
  command: 'haproxy',
  debianPackage: 'haproxy',
  probeArgs: ['-v'],
};

/** True when the program can be started (its exit code does not matter, only that it exists). */
export function hasProgram(program: SystemProgram): boolean {
  const probe = spawnSync(program.command, [...(program.probeArgs ?? ['--help'])], {
    stdio: 'ignore',
    timeout: 10_000,
  });
  return probe.error === undefined;
}

export const skipLine = (what: string, program: SystemProgram): string =>
  `SKIPPED: ${what} needs ${program.label ?? program.command} (apt-get install ${program.debianPackage})`;

/**
 * `describe` when every program is there; otherwise `describe.skip` after printing one
 * `SKIPPED: <what> needs <program> (apt-get install <package>)` line on stderr, or, under
 * HUB_REQUIRE_SYSTEM_PACKAGES=1, an error that fails the suite.
 */
export function describeWithPrograms(
  what: string,
  programs: readonly SystemProgram[],
): typeof describe {
  const missing = programs.filter((p) => !hasProgram(p));
  if (missing.length === 0) return describe;
  const lines = missing.map((p) => skipLine(what, p));
  if (process.env.HUB_REQUIRE_SYSTEM_PACKAGES === '1') {
    throw new Error(`${lines.join('\n')}\nHUB_REQUIRE_SYSTEM_PACKAGES=1 forbids skipping it.`);
  }
  // stderr, not console.warn: one plain line that shows in Jest's output as it is.
  process.stderr.write(lines.join('\n') + '\n');
  return describe.skip as typeof describe;
}
