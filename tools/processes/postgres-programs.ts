import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from './shell-quote.js';

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

/**
 * PostgreSQL's server programs (`initdb`, `pg_ctl`, `pg_basebackup`), run as the user who may
 * run them. Debian keeps them in /usr/lib/postgresql/<version>/bin (not on PATH); `initdb`
 * refuses to run as root, so as root they run as the `postgres` user (`runuser`), and the
 * folders they write to must belong to that user (`giveToServerUser`).
 */
export interface PostgresPrograms {
  readonly bin: string;
  /** Runs a program to its end; throws with its stderr when it fails. */
  run(program: string, args: readonly string[], timeoutMs?: number): void;
  /** Runs a program to its end and returns its exit code (null: it could not run or timed out). */
  exitCode(program: string, args: readonly string[]): number | null;
  /** The program's command line for `sh` (a watchdog that outlives this process). */
  shellCommand(program: string): string;
  /** Makes `path` belong to the user the server runs as (a no-op unless root). */
  giveToServerUser(path: string): void;
  /** False when the server's user cannot reach `dir` (as root: a parent folder closed to it). */
  serverUserCanEnter(dir: string): boolean;
}

export function postgresPrograms(bin: string): PostgresPrograms {
  const asRoot = process.getuid?.() === 0;
  const owner = (): { uid: number; gid: number } => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  const commandLine = (program: string, args: readonly string[]): [string, string[]] =>
    asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
      : [join(bin, program), [...args]];
  return {
    bin,
    run(program, args, timeoutMs = 60_000) {
      try {
        execFileSync(...commandLine(program, args), {
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: timeoutMs,
        });
      } catch (error) {
        const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? '';
        throw new Error(`${program} ${args.join(' ')} failed: ${stderr || String(error)}`);
      }
    },
    exitCode(program, args) {
      return spawnSync(...commandLine(program, args), { stdio: 'ignore', timeout: 30_000 }).status;
    },
    shellCommand(program) {
      const path = shellQuote(join(bin, program));
      return asRoot ? `runuser -u postgres -- ${path}` : path;
    },
    giveToServerUser(path) {
      if (!asRoot) return;
      const { uid, gid } = owner();
      chownSync(path, uid, gid);
    },
    serverUserCanEnter(dir) {
      if (!asRoot) return true;
      const probe = spawnSync('runuser', [
        '-u',
        'postgres',
        '--',
        'test',
        '-w',
        dir,
        '-a',
        '-x',
        dir,
      ]);
      return probe.status === 0;
    },
  };
}
