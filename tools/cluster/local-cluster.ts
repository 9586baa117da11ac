import { readFileSync, writeFileSync } from 'node:fs';
import { ensureAdminToken } from '@hub/access';
import { startHaproxyListening, type HaproxyProcess } from '../processes/haproxy.js';
import { loopbackHaproxyConfig } from '../processes/haproxy-config.js';
import { canListen, PortTakenError, startOnFreePorts } from '../processes/ports.js';
import { shellQuote } from '../processes/shell-quote.js';
import { hasProgram, HAPROXY, missingProgramLine } from '../processes/system-programs.js';
import { waitUntil } from '../processes/wait-until.js';
import { startWatchdog } from '../processes/watchdog.js';
import { ClusterError } from './cluster-error.js';
import { claimFolder, clusterFolder, type ClusterFolder } from './cluster-folder.js';
import { startHubNodes, type HubNode } from './hub-nodes.js';
import {
  clusterPostgresPrograms,
  startReplicatedPostgres,
  type ReplicatedPostgres,
} from './replicated-postgres.js';

/** The deployment's load balancer config, rewritten for loopback at each start. */
const HAPROXY_TEMPLATE = 'infra/haproxy/haproxy.cfg';

export interface LocalClusterOptions {
  /** The cluster's folder (PostgreSQL data, node data dirs, logs, admin token). */
  readonly dir: string;
  /** How many hub nodes. */
  readonly nodes: number;
  /** HAProxy's MQTT port on 127.0.0.1 (0: any free port). */
  readonly mqttPort: number;
  /** HAProxy's HTTP port on 127.0.0.1: GraphQL, graphql-ws, console (0: any free port). */
  readonly httpPort: number;
  /** fsync on (default); tests turn it off. */
  readonly durable?: boolean;
  /** Progress lines for the user. */
  readonly say?: (line: string) => void;
}

/** What runs, and where: every address is on 127.0.0.1. */
export interface LocalCluster {
  readonly folder: ClusterFolder;
  readonly adminToken: string;
  /** HAProxy's ports: the ones clients use. */
  readonly front: { readonly mqtt: number; readonly http: number };
  readonly postgres: ReplicatedPostgres;
  readonly nodes: readonly HubNode[];
  readonly haproxy: HaproxyProcess;
  /** Stops HAProxy, then the nodes (SIGTERM), the replica and the primary. Safe to call twice. */
  stop(): Promise<void>;
}

/** Refuses a port the user chose that is in use (0, any free port, is picked later). */
async function checkFrontPort(port: number, what: string, option: string): Promise<void> {
  if (await canListen('127.0.0.1', port)) return;
  throw new ClusterError(
    `port ${port} (${what} through HAProxy) is in use, perhaps by \`npm start\`, \`npm run demo\` or another cluster: stop that, or choose another port with ${option} (0: any free port)`,
  );
}

/** Stops what started, in order, reporting (not throwing) what failed to stop. */
async function stopInOrder(
  parts: {
    haproxy?: HaproxyProcess;
    nodes?: readonly HubNode[];
    postgres?: ReplicatedPostgres;
  },
  say: (line: string) => void,
): Promise<void> {
  const attempt = async (what: string, stop: () => unknown) => {
    say(`stopping ${what}`);
    try {
      await stop();
    } catch (error) {
      say(`could not stop ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  if (parts.haproxy) await attempt('HAProxy', () => parts.haproxy?.stop());
  for (const node of parts.nodes ?? []) {
    await attempt(`${node.id} (pid ${node.hub.pid})`, () => node.hub.stop());
  }
  const postgres = parts.postgres;
  if (postgres) {
    await attempt('the PostgreSQL replica', () => postgres.stop(postgres.replica));
    await attempt('the PostgreSQL primary', () => postgres.stop(postgres.primary));
  }
}

/**
 * The multi-node deployment of infra/postgres/docker-compose.yml on one machine, natively: a
 * PostgreSQL primary and its streaming replica, `nodes` hub nodes on the shared log, and HAProxy
 * with the deployment's own config (addresses made loopback) in front. Used by `npm run cluster`
 * and by its end-to-end test.
 */
export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const say = options.say ?? (() => undefined);
  if (!Number.isInteger(options.nodes) || options.nodes < 1 || options.nodes > 9) {
    throw new ClusterError(`--nodes must be a whole number from 1 to 9 (got ${options.nodes})`);
  }
  const programs = clusterPostgresPrograms();
  if (!hasProgram(HAPROXY)) throw new ClusterError(missingProgramLine('npm run cluster', HAPROXY));
  const folder = clusterFolder(options.dir);
  const release = claimFolder(folder);
  const parts: {
    haproxy?: HaproxyProcess;
    nodes?: readonly HubNode[];
    postgres?: ReplicatedPostgres;
  } = {};
  let watchdog: { cancel(): void } | undefined;
  const shutdown = async () => {
    await stopInOrder(parts, say);
    watchdog?.cancel();
    release();
  };
  try {
    await checkFrontPort(options.mqttPort, 'MQTT', '--mqtt-port');
    await checkFrontPort(options.httpPort, 'HTTP', '--http-port');
    const adminToken = ensureAdminToken(folder.dir);
    // If this process is killed, the watchdog stops what the pids file lists (HAProxy, the
    // nodes), then the replica and the primary.
    writeFileSync(folder.pidsFile, '');
    const pgCtl = programs.shellCommand('pg_ctl');
    const q = shellQuote;
    watchdog = startWatchdog(
      `kill -TERM $(cat ${q(folder.pidsFile)}) 2>/dev/null; sleep 5; ` +
        `${pgCtl} -D ${q(folder.replicaData)} -m fast stop >/dev/null 2>&1; ` +
        `${pgCtl} -D ${q(folder.primaryData)} -m fast stop >/dev/null 2>&1; ` +
        `rm -f ${q(folder.pidFile)}`,
    );
    const postgres = await startReplicatedPostgres(folder, programs, {
      durable: options.durable ?? true,
      say,
    });
    parts.postgres = postgres;
    const nodes = await startHubNodes(folder, options.nodes, postgres.primary.url, adminToken, say);
    parts.nodes = nodes;
    writeFileSync(folder.pidsFile, nodes.map((n) => n.hub.pid).join(' ') + '\n');

    // Ports asked as 0 are picked just before HAProxy binds them, and picked again when another
    // process took one in between (a port the user chose is not).
    const picksPorts = options.mqttPort === 0 || options.httpPort === 0;
    const { front, haproxy } = await startOnFreePorts(async (pick) => {
      const front = {
        mqtt: options.mqttPort || (await pick()),
        http: options.httpPort || (await pick()),
      };
      const config = loopbackHaproxyConfig(
        readFileSync(HAPROXY_TEMPLATE, 'utf8'),
        front,
        nodes.map((node) => ({ mqtt: node.hub.mqttPort, http: node.hub.httpPort })),
      );
      writeFileSync(
        folder.haproxyConfig,
        `# Written by npm run cluster at each start from ${HAPROXY_TEMPLATE} with loopback\n` +
          '# addresses (tools/processes/haproxy-config.ts); changes here are overwritten.\n' +
          config,
      );
      say(`starting HAProxy (config: ${folder.haproxyConfig})`);
      try {
        const haproxy = await startHaproxyListening(
          folder.haproxyConfig,
          [front.mqtt, front.http],
          {
            logFile: folder.haproxyLog,
            ownProcessGroup: true,
          },
        );
        return { front, haproxy };
      } catch (error) {
        if (!(error instanceof PortTakenError)) {
          throw new ClusterError(error instanceof Error ? error.message : String(error));
        }
        if (!picksPorts) throw new ClusterError(`HAProxy could not bind: ${error.message}`);
        say(`${error.message}; picking other ports`);
        throw error;
      }
    });
    parts.haproxy = haproxy;
    writeFileSync(folder.pidsFile, [haproxy.pid, ...nodes.map((n) => n.hub.pid)].join(' ') + '\n');
    let haproxyGone = false;
    void haproxy.ended.then(() => (haproxyGone = true));
    await waitUntil(
      async () =>
        haproxyGone || (await fetch(`http://127.0.0.1:${front.http}/health/ready`)).status === 200,
      { what: 'a ready hub node through HAProxy', timeoutMs: 60_000, intervalMs: 200 },
    );
    if (haproxyGone) {
      throw new ClusterError(`HAProxy stopped as it started:\n${haproxy.log().slice(-2000)}`);
    }

    let stopped: Promise<void> | undefined;
    return {
      folder,
      adminToken,
      front,
      postgres,
      nodes,
      haproxy,
      stop() {
        stopped ??= shutdown();
        return stopped;
      },
    };
  } catch (error) {
    await shutdown();
    throw error;
  }
}
