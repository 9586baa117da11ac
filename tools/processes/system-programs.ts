import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findPostgresBinDir } from './postgres-programs.js';

/**
 * Debian programs that some tests and tools drive (mosquitto, chromium, PostgreSQL, HAProxy). A
 * machine with only Node and npm does not have them: whoever needs one says which package to
 * install (tools/test/system-packages.ts for tests, `npm run cluster` for the local cluster).
 */
export interface SystemProgram {
  /** The program on PATH, e.g. `mosquitto_pub`. */
  readonly command: string;
  /** The Debian package that provides it, e.g. `mosquitto-clients`. */
  readonly debianPackage: string;
  /** Arguments that make it exit at once (`--help`, `-h`). */
  readonly probeArgs?: readonly string[];
  /** What a missing-program line says is missing, when not the command (e.g. `postgresql`). */
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

/**
 * The load balancer of the multi-node deployment (infra/haproxy/haproxy.cfg). Debian installs it
 * in /usr/sbin, which is on root's PATH but not on other users'.
 */
export const HAPROXY: SystemProgram = {
  command: existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy',
  debianPackage: 'haproxy',
  probeArgs: ['-v'],
};

/** The PostgreSQL server programs (`initdb`, `pg_ctl`, `pg_basebackup`; postgres-programs.ts). */
const postgresBin = findPostgresBinDir();
export const POSTGRESQL: SystemProgram = {
  command: postgresBin ? join(postgresBin, 'initdb') : 'initdb',
  debianPackage: 'postgresql',
  probeArgs: ['--version'],
  label: 'postgresql',
};

/** True when the program can be started (its exit code does not matter, only that it exists). */
export function hasProgram(program: SystemProgram): boolean {
  const probe = spawnSync(program.command, [...(program.probeArgs ?? ['--help'])], {
    stdio: 'ignore',
    timeout: 10_000,
  });
  return probe.error === undefined;
}

/** `<what> needs <program> (apt-get install <package>)`: one line for the user. */
export const missingProgramLine = (what: string, program: SystemProgram): string =>
  `${what} needs ${program.label ?? program.command} (apt-get install ${program.debianPackage})`;
