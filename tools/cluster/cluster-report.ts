import { relative } from 'node:path';
import type { LocalCluster } from './local-cluster.js';

/** A path as the user typed it from the repository (relative when inside it). */
const shown = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
};

const row = (label: string, value: string): string => `  ${label.padEnd(30)} ${value}`;

/** What runs where, for someone who has not read the deployment docs. */
export function clusterReport(cluster: LocalCluster): string {
  const http = `http://127.0.0.1:${cluster.front.http}`;
  const { primary, replica } = cluster.postgres;
  const token = shown(cluster.folder.adminTokenFile);
  const nodes = cluster.nodes.map((node) =>
    row(
      `${node.id} (pid ${node.hub.pid})`,
      `MQTT 127.0.0.1:${node.hub.mqttPort}, HTTP 127.0.0.1:${node.hub.httpPort}, log ${shown(node.logFile)}`,
    ),
  );
  return `
Lamppost hub cluster on this machine: ${cluster.nodes.length} hub nodes sharing one event log in
PostgreSQL, a streaming replica of it, and HAProxy in front (the pieces of
infra/postgres/docker-compose.yml, run as local programs; docs/deployment.md).

Use these (through HAProxy, which passes each connection to a live node):
${row('MQTT (devices)', `mqtt://127.0.0.1:${cluster.front.mqtt}`)}
${row('console (in your browser)', `${http}/`)}
${row('GraphQL (HTTP and websockets)', `${http}/graphql`)}
${row('admin token', `in ${token} (the same on every node; keep it to yourself)`)}
${row('hubctl', `HUB_URL=${http} HUB_ADMIN_TOKEN="$(cat ${token})" npx hubctl lab list`)}

Behind HAProxy:
${nodes.join('\n')}
${row('PostgreSQL primary', `${primary.url} (the shared log; data ${shown(primary.dataDir)})`)}
${row('PostgreSQL replica', `${replica.url} (read-only hot standby, streams the primary's WAL)`)}
${row(`HAProxy (pid ${cluster.haproxy.pid})`, `config ${shown(cluster.folder.haproxyConfig)}, log ${shown(cluster.folder.haproxyLog)}`)}

Try a failover: \`kill -9 <pid of a node>\`. HAProxy takes the node out within about 6 s (its
checks, shown below), its devices reconnect through HAProxy to another node and resend what was
not acknowledged; subscribers reconnect with their cursor. Start it again by stopping this
cluster and running \`npm run cluster\` again.

Ctrl-C stops everything, in order: HAProxy, the nodes, the replica, the primary. Running
\`npm run cluster\` again reuses ${shown(cluster.folder.dir)} (the log, the replica, the admin token);
delete that folder to start from nothing.
`;
}
