import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import {
  findPostgresBinDir,
  postgresPrograms,
  type PostgresPrograms,
} from '../processes/postgres-programs.js';
import {
  initPostgresData,
  postgresServerRunning,
  startPostgresOnFreePort,
  stopPostgresServer,
} from '../processes/postgres-server.js';
import { missingProgramLine, POSTGRESQL } from '../processes/system-programs.js';
import { ClusterError } from './cluster-error.js';
import type { ClusterFolder } from './cluster-folder.js';

/** One PostgreSQL server of the cluster. */
export interface PostgresServer {
  readonly port: number;
  /** The `hub` database as the `hub` user (trust authentication on loopback). */
  readonly url: string;
  readonly dataDir: string;
  readonly logFile: string;
}

/** The primary (the shared log) and its streaming replica (a hot standby). */
export interface ReplicatedPostgres {
  readonly primary: PostgresServer;
  readonly replica: PostgresServer;
  readonly programs: PostgresPrograms;
  /** Fast shutdown of one server; throws when pg_ctl fails. */
  stop(server: PostgresServer): void;
}

/** As in infra/postgres: the replication user, its slot and the database of the hubs. */
const REPLICATION_USER = 'replicator';
const SLOT = 'replica1';
const DATABASE = 'hub';

/** Settings of both servers: a hot standby needs at least the primary's limits. */
const settings = (durable: boolean): string[] => [
  'wal_level=replica',
  'max_wal_senders=5',
  'max_replication_slots=5',
  'max_connections=200',
  ...(durable ? [] : ['fsync=off', 'full_page_writes=off']),
];

const url = (port: number) => `postgres://hub@127.0.0.1:${port}/${DATABASE}`;

/** The replication user, the replica's slot and the hubs' database, each made once. */
async function preparePrimary(port: number): Promise<void> {
  const client = new pg.Client({ connectionString: `postgres://hub@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [
      REPLICATION_USER,
    ]);
    if (role.rowCount === 0)
      await client.query(`CREATE ROLE ${REPLICATION_USER} REPLICATION LOGIN`);
    await client.query(
      `SELECT pg_create_physical_replication_slot($1)
       WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)`,
      [SLOT],
    );
    const db = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (db.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** The PostgreSQL server programs, or a ClusterError naming the Debian package. */
export function clusterPostgresPrograms(): PostgresPrograms {
  const bin = findPostgresBinDir();
  if (!bin || !existsSync(join(bin, 'pg_basebackup'))) {
    throw new ClusterError(missingProgramLine('npm run cluster', POSTGRESQL));
  }
  return postgresPrograms(bin);
}

/**
 * Starts a server on a loopback port picked free just before it binds (again on another when it
 * was taken in between), and gives its address and files.
 */
async function startOnFreePort(
  programs: PostgresPrograms,
  dataDir: string,
  logFile: string,
  settings: readonly string[],
): Promise<PostgresServer> {
  const port = await startPostgresOnFreePort(programs, dataDir, { logFile, settings });
  return { port, url: url(port), dataDir, logFile };
}

/**
 * Starts the primary (made with `initdb` on first use) and the replica (copied from it with
 * `pg_basebackup -R` on first use, then fed from its WAL through the slot), both on free
 * loopback ports. A server left running by an earlier run that did not stop cleanly is stopped
 * first. `durable: false` (tests) turns fsync off.
 */
export async function startReplicatedPostgres(
  folder: ClusterFolder,
  programs: PostgresPrograms,
  options: { durable: boolean; say: (line: string) => void },
): Promise<ReplicatedPostgres> {
  mkdirSync(folder.postgresDir, { recursive: true, mode: 0o700 });
  programs.giveToServerUser(folder.postgresDir);
  if (!programs.serverUserCanEnter(folder.postgresDir)) {
    throw new ClusterError(
      `the postgres user (PostgreSQL's servers run as it when you are root) cannot reach ${folder.postgresDir}: a folder above it is closed to other users; choose a folder it can reach with --dir, e.g. --dir /tmp/hub-cluster`,
    );
  }
  const { primaryData, replicaData } = folder;
  for (const data of [replicaData, primaryData]) {
    if (existsSync(join(data, 'postmaster.pid')) && postgresServerRunning(programs, data)) {
      options.say(`stopping the PostgreSQL server an earlier run left running on ${data}`);
      stopPostgresServer(programs, data, 'fast');
    }
  }

  if (!existsSync(join(primaryData, 'PG_VERSION'))) {
    options.say('PostgreSQL primary: creating its data (initdb), first run only');
    rmSync(primaryData, { recursive: true, force: true });
    // A replica of an earlier primary cannot follow this one.
    rmSync(replicaData, { recursive: true, force: true });
    initPostgresData(programs, primaryData, { user: 'hub', sync: options.durable });
  }
  try {
    return await startBoth(folder, programs, options);
  } catch (error) {
    // Nothing half-started stays behind: the primary may run while the replica failed.
    for (const data of [replicaData, primaryData]) {
      if (postgresServerRunning(programs, data)) stopPostgresServer(programs, data, 'fast');
    }
    throw error;
  }
}

async function startBoth(
  folder: ClusterFolder,
  programs: PostgresPrograms,
  options: { durable: boolean; say: (line: string) => void },
): Promise<ReplicatedPostgres> {
  const { primaryData, replicaData } = folder;
  const primary = await startOnFreePort(
    programs,
    primaryData,
    join(folder.postgresDir, 'primary.log'),
    settings(options.durable),
  );
  await preparePrimary(primary.port);

  if (!existsSync(join(replicaData, 'PG_VERSION'))) {
    options.say('PostgreSQL replica: copying the primary (pg_basebackup -R), first run only');
    rmSync(replicaData, { recursive: true, force: true });
    // -R writes the standby settings, -S uses the slot, -X stream copies the WAL along.
    const args = ['-h', '127.0.0.1', '-p', String(primary.port), '-U', REPLICATION_USER];
    programs.run(
      'pg_basebackup',
      [...args, '-D', replicaData, '-R', '-X', 'stream', '-S', SLOT, '-c', 'fast'],
      600_000,
    );
  }
  // The primary's port changes from run to run: the command line's primary_conninfo overrides
  // the one pg_basebackup -R wrote.
  const conninfo = `host=127.0.0.1 port=${primary.port} user=${REPLICATION_USER} application_name=${SLOT}`;
  const replica = await startOnFreePort(
    programs,
    replicaData,
    join(folder.postgresDir, 'replica.log'),
    [
      ...settings(options.durable),
      'hot_standby=on',
      `primary_conninfo=${conninfo}`,
      `primary_slot_name=${SLOT}`,
    ],
  );
  return {
    primary,
    replica,
    programs,
    stop: (server) => stopPostgresServer(programs, server.dataDir, 'fast'),
  };
}
