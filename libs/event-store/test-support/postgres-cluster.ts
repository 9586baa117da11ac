import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster on a free loopback port, for tests and the store benchmark:
 * `initdb` into a temp dir, `pg_ctl start`, and `stop()` removes it all again. Debian keeps the
 * server programs in /usr/lib/postgresql/<version>/bin (not on PATH); `initdb` refuses to run as
 * root, so as root the cluster belongs to the `postgres` user (`runuser`).
 */
export interface PostgresCluster {
  /** `postgres://hub@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  readonly url: string;
  /** Stops the server (fast shutdown) and deletes its directory. Safe to call twice. */
  stop(): void;
}

/** Directory with `initdb` and `pg_ctl`: the newest Debian version, else whatever is on PATH. */
export function findPostgresBinDir(): string | undefined {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(debian, versions[0], 'bin');
  }
  const onPath = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8', timeout: 10_000 });
  const bin = onPath.status === 0 ? onPath.stdout.trim() : '';
  return bin && existsSync(join(bin, 'initdb')) ? bin : undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
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
  const dir = mkdtempSync(join(tmpdir(), 'hub-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (program: string, args: string[]): void => {
    const [command, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
      : [join(bin, program), args];
    execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const port = await freePort();
  let started = false;
  // If this process dies without running stop() (SIGKILL, a killed test worker), a detached
  // watchdog notices within 2 s and stops the server and removes its files.
  const pgCtl = asRoot
    ? `runuser -u postgres -- ${join(bin, 'pg_ctl')}`
    : JSON.stringify(join(bin, 'pg_ctl'));
  const watchdog = spawn(
    'sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; ` +
        `${pgCtl} -D '${data}' -m immediate stop >/dev/null 2>&1; rm -rf '${dir}'`,
    ],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  const cluster: PostgresCluster = {
    url: `postgres://hub@127.0.0.1:${port}/postgres`,
    stop() {
      if (!running.delete(cluster)) return;
      if (watchdog.pid !== undefined) {
        try {
          process.kill(-watchdog.pid, 'SIGKILL'); // its process group: sh and its sleep
        } catch {
          // already gone
        }
      }
      if (started) {
        try {
          run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
        } catch {
          // Already gone (or refused to stop fast): make sure, then remove the files.
          spawnSync(asRoot ? 'runuser' : join(bin, 'pg_ctl'), [
            ...(asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl')] : []),
            ...['-D', data, '-m', 'immediate', 'stop'],
          ]);
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
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'hub', '-E', 'UTF8', '--no-sync']);
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c max_connections=200',
      ...(options.durable ? [] : ['-c fsync=off', '-c full_page_writes=off']),
    ].join(' ');
    started = true;
    run('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  } catch (error) {
    cluster.stop();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`could not start a PostgreSQL cluster: ${String(error)} ${stderr}`);
  }
  return cluster;
}
