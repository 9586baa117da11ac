import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBinDir, postgresPrograms } from './postgres-programs.js';
import {
  initPostgresData,
  startPostgresOnFreePort,
  stopPostgresServer,
} from './postgres-server.js';
import { startWatchdog } from './watchdog.js';
import { shellQuote } from './shell-quote.js';

/**
 * A throwaway PostgreSQL cluster on a free loopback port, for tests and the store benchmark:
 * `initdb` into a temp dir, `pg_ctl start`, and `stop()` removes it all again (as root it belongs
 * to the `postgres` user, see postgres-programs.ts).
 */
export interface PostgresCluster {
  /** `postgres://hub@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  readonly url: string;
  /** Stops the server (fast shutdown) and deletes its directory. Safe to call twice. */
  stop(): void;
}

const running = new Set<PostgresCluster>();
let exitHookInstalled = false;

/**
 * Starts a cluster. `durable: false` (tests) turns fsync off: nothing here survives a power
 * loss anyway, and it spares the shared machine's disk. The benchmark keeps the defaults.
 */
export async function startPostgresCluster(
  options: { durable?: boolean } = {},
): Promise<PostgresCluster> {
  const bin = findPostgresBinDir();
  if (!bin) throw new Error('PostgreSQL server programs not found (apt-get install postgresql)');
  const programs = postgresPrograms(bin);
  const dir = mkdtempSync(join(tmpdir(), 'hub-pg-'));
  const data = join(dir, 'data');
  programs.giveToServerUser(dir);
  chmodSync(dir, 0o700);
  let port = 0;
  let started = false;
  // If this process dies without running stop() (SIGKILL, a killed test worker), the watchdog
  // notices within 2 s and stops the server and removes its files.
  const watchdog = startWatchdog(
    `${programs.shellCommand('pg_ctl')} -D ${shellQuote(data)} -m immediate stop >/dev/null 2>&1; rm -rf ${shellQuote(dir)}`,
  );
  const cluster: PostgresCluster = {
    get url() {
      return `postgres://hub@127.0.0.1:${port}/postgres`;
    },
    stop() {
      if (!running.delete(cluster)) return;
      watchdog.cancel();
      if (started) {
        try {
          stopPostgresServer(programs, data, 'fast');
        } catch {
          // Already gone (or refused to stop fast): make sure, then remove the files.
          programs.exitCode('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(cluster);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A test run that ends without reaching its afterAll must not leave servers behind.
    process.on('exit', () => {
      for (const c of [...running]) c.stop();
    });
  }
  try {
    initPostgresData(programs, data, { user: 'hub', sync: false });
    started = true;
    // The port is picked after initdb, just before the server binds it.
    port = await startPostgresOnFreePort(programs, data, {
      socketDir: dir,
      logFile: join(dir, 'log'),
      settings: [
        'max_connections=200',
        ...(options.durable ? [] : ['fsync=off', 'full_page_writes=off']),
      ],
    });
  } catch (error) {
    cluster.stop();
    throw new Error(`could not start a PostgreSQL cluster: ${String(error)}`);
  }
  return cluster;
}
