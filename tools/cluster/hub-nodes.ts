import { mkdirSync } from 'node:fs';
import { startChildHub, type ChildHub } from '../processes/child-hub.js';
import type { ClusterFolder } from './cluster-folder.js';

/** One hub node of the cluster: the compiled hub in its own process, with its own data dir. */
export interface HubNode {
  /** Its HUB_NODE_ID and its server name in HAProxy's backends: hub1, hub2, … */
  readonly id: string;
  readonly dataDir: string;
  readonly logFile: string;
  readonly hub: ChildHub;
}

/**
 * A node's settings: those of the compose file's hub services (infra/postgres/docker-compose.yml,
 * `x-hub`), with loopback addresses. Behind HAProxy every device arrives from HAProxy's
 * address, so the hub's per-address caps are off and HAProxy applies them (haproxy.cfg).
 */
function nodeEnvironment(
  id: string,
  dataDir: string,
  postgresUrl: string,
  adminToken: string,
): Record<string, string> {
  return {
    HUB_NODE_ID: id,
    HUB_DATA_DIR: dataDir,
    HUB_EVENT_STORE: 'postgres',
    HUB_POSTGRES_URL: postgresUrl,
    HUB_ADMIN_TOKEN: adminToken,
    HUB_ROLES: 'ingest,api,timers',
    HUB_MQTT_MAX_CONNECTIONS_PER_IP: '0',
    HUB_MQTT_MAX_PENDING_PER_IP: '2000',
    HUB_HTTP_MAX_CONNECTIONS_PER_IP: '0',
  };
}

/**
 * Starts `count` nodes one after the other (the first creates the log's tables), each on free
 * loopback ports, in its own process group: Ctrl-C reaches `npm run cluster` only, which stops
 * them in order.
 */
export async function startHubNodes(
  folder: ClusterFolder,
  count: number,
  postgresUrl: string,
  adminToken: string,
  say: (line: string) => void,
): Promise<HubNode[]> {
  const nodes: HubNode[] = [];
  try {
    for (let i = 1; i <= count; i++) {
      const id = `hub${i}`;
      const dataDir = folder.nodeDataDir(id);
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const logFile = folder.nodeLog(id);
      say(`starting ${id} (log: ${logFile})`);
      const hub = await startChildHub(
        nodeEnvironment(id, dataDir, postgresUrl, adminToken),
        180_000,
        { logFile, ownProcessGroup: true },
      );
      nodes.push({ id, dataDir, logFile, hub });
    }
  } catch (error) {
    for (const node of nodes) await node.hub.stop();
    throw error;
  }
  return nodes;
}
