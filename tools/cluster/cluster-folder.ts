import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClusterError } from './cluster-error.js';

/**
 * Where everything of one local cluster lives; running it again on the same folder reuses the
 * PostgreSQL data, the nodes' data dirs and the admin token.
 *
 *   admin-token           the one admin token of every node (HUB_ADMIN_TOKEN), mode 0600
 *   cluster.pid           the running `npm run cluster` (one at a time per folder)
 *   pids                  HAProxy's and the nodes' pids (for the watchdog)
 *   haproxy.cfg           written at each start from infra/haproxy/haproxy.cfg
 *   nodes/hub1 …          each node's data dir (read models, lock, metrics token)
 *   logs/hub1.log …       each node's log, and haproxy.log
 *   postgres/primary      the primary's data; postgres/replica the streaming replica's
 *   postgres/*.log        their server logs
 */
export interface ClusterFolder {
  readonly dir: string;
  readonly adminTokenFile: string;
  readonly haproxyConfig: string;
  readonly haproxyLog: string;
  readonly postgresDir: string;
  readonly primaryData: string;
  readonly replicaData: string;
  /** The pids of HAProxy and the nodes, for the watchdog (watchdog.ts) if this process dies. */
  readonly pidsFile: string;
  /** The pid of the running `npm run cluster`. */
  readonly pidFile: string;
  nodeDataDir(node: string): string;
  nodeLog(node: string): string;
}

export function clusterFolder(dir: string): ClusterFolder {
  const root = resolve(dir);
  return {
    dir: root,
    adminTokenFile: join(root, 'admin-token'),
    haproxyConfig: join(root, 'haproxy.cfg'),
    haproxyLog: join(root, 'logs', 'haproxy.log'),
    postgresDir: join(root, 'postgres'),
    primaryData: join(root, 'postgres', 'primary'),
    replicaData: join(root, 'postgres', 'replica'),
    pidsFile: join(root, 'pids'),
    pidFile: join(root, 'cluster.pid'),
    nodeDataDir: (node) => join(root, 'nodes', node),
    nodeLog: (node) => join(root, 'logs', `${node}.log`),
  };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Creates the folder (readable by the `postgres` user, which must reach postgres/ inside it when
 * this runs as root) and claims it for this process: a second `npm run cluster` on the same
 * folder is refused. Returns the release function.
 */
export function claimFolder(folder: ClusterFolder): () => void {
  mkdirSync(join(folder.dir, 'logs'), { recursive: true });
  mkdirSync(join(folder.dir, 'nodes'), { recursive: true, mode: 0o700 });
  chmodSync(folder.dir, 0o755);
  const pidFile = folder.pidFile;
  let owner: number | undefined;
  try {
    owner = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    owner = undefined;
  }
  // This very process counts too: one cluster per folder, also within one process (a test).
  if (owner && alive(owner)) {
    throw new ClusterError(
      `a cluster is already running from ${folder.dir} (pid ${owner}): stop it with Ctrl-C in its terminal, or give this one another folder with --dir`,
    );
  }
  writeFileSync(pidFile, `${process.pid}\n`);
  return () => rmSync(pidFile, { force: true });
}
