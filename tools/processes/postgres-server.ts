import { readFileSync, statSync } from 'node:fs';
import { PortTakenError, saysPortTaken, startOnFreePorts } from './ports.js';
import type { PostgresPrograms } from './postgres-programs.js';
import { shellQuote } from './shell-quote.js';

/** How one PostgreSQL server in its own data directory is started (`pg_ctl start`). */
export interface PostgresServerOptions {
  /** TCP port on 127.0.0.1 (the server listens on loopback only). */
  readonly port: number;
  /** Settings passed as `-c name=value`, e.g. `fsync=off`. */
  readonly settings?: readonly string[];
  /** Where the server writes its log (the server's user must be able to write there). */
  readonly logFile: string;
  /** Folder for its Unix socket; none when left out (clients use TCP). */
  readonly socketDir?: string;
}

/** A new data directory with one superuser, `user`, that loopback clients reach without a password. */
export function initPostgresData(
  programs: PostgresPrograms,
  dataDir: string,
  options: { user: string; sync: boolean },
): void {
  programs.run('initdb', [
    '-D',
    dataDir,
    '-A',
    'trust',
    '-U',
    options.user,
    '-E',
    'UTF8',
    ...(options.sync ? [] : ['--no-sync']),
  ]);
}

/** Starts the server and waits until it accepts connections (or, a standby, is consistent). */
export function startPostgresServer(
  programs: PostgresPrograms,
  dataDir: string,
  options: PostgresServerOptions,
): void {
  // pg_ctl hands `-o` to a shell: every value is quoted.
  const serverArgs = [
    `-p ${options.port}`,
    `-k ${shellQuote(options.socketDir ?? '')}`,
    '-c listen_addresses=127.0.0.1',
    ...(options.settings ?? []).map((setting) => `-c ${shellQuote(setting)}`),
  ].join(' ');
  programs.run(
    'pg_ctl',
    ['-D', dataDir, '-o', serverArgs, '-l', options.logFile, '-w', '-t', '120', 'start'],
    150_000,
  );
}

/** What a log file holds past `offset` bytes ('' when it is not there). */
function logFrom(file: string, offset: number): string {
  try {
    return readFileSync(file).subarray(offset).toString();
  } catch {
    return '';
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Starts the server on a loopback port picked free just before `pg_ctl start`, and again on
 * another when the server's log says the port was taken in between (ports.ts). Returns the port.
 */
export function startPostgresOnFreePort(
  programs: PostgresPrograms,
  dataDir: string,
  options: Omit<PostgresServerOptions, 'port'>,
  pick?: () => Promise<number>,
): Promise<number> {
  return startOnFreePorts(
    async (pickPort) => {
      const port = await pickPort();
      const logStart = sizeOf(options.logFile);
      try {
        startPostgresServer(programs, dataDir, { ...options, port });
        return port;
      } catch (error) {
        if (saysPortTaken(logFrom(options.logFile, logStart))) throw new PortTakenError(port);
        throw error;
      }
    },
    { pick },
  );
}

/** `fast`: disconnects clients and shuts down cleanly; `immediate`: stops at once (a crash). */
export function stopPostgresServer(
  programs: PostgresPrograms,
  dataDir: string,
  mode: 'fast' | 'immediate',
): void {
  programs.run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '120', 'stop'], 150_000);
}

/** True when a server is running on this data directory (`pg_ctl status`). */
export function postgresServerRunning(programs: PostgresPrograms, dataDir: string): boolean {
  return programs.exitCode('pg_ctl', ['status', '-D', dataDir]) === 0;
}
