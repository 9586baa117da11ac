import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ClusterError } from './cluster-error.js';
import { clusterReport } from './cluster-report.js';
import { startLocalCluster, type LocalCluster } from './local-cluster.js';

const out = (line: string) => process.stdout.write(line + '\n');

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  }
  return n;
};

const nodeCount = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 9) {
    throw new InvalidArgumentError('a whole number from 1 to 9');
  }
  return n;
};

/** Prints HAProxy's state changes of the nodes (a node down after a kill, up again). */
function reportStateChanges(cluster: LocalCluster): void {
  cluster.haproxy.onLine((line) => {
    // HAProxy says it twice, as a warning and as a log line: the log line only.
    const change = /^Server (hubs_\w+\/hub\d+) is (UP|DOWN)/.exec(line);
    if (change) out(`HAProxy: ${change[1]} is ${change[2]}`);
  });
  for (const node of cluster.nodes) {
    void node.hub.ended.then(({ code, signal }) => {
      if (stopping) return;
      const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
      out(`${node.id} (pid ${node.hub.pid}) stopped: ${how}; the other nodes carry on`);
    });
  }
}

let stopping = false;

/**
 * `npm run cluster`: the multi-node deployment on this machine (tools/cluster/local-cluster.ts),
 * what runs where printed for the user, Ctrl-C stops it all in order.
 */
async function main(): Promise<void> {
  const program = new Command('npm run cluster --')
    .description(
      'hub nodes on one PostgreSQL log, a streaming replica and HAProxy in front, on this machine',
    )
    .option('--dir <folder>', 'folder for the data, logs and admin token', 'data/cluster')
    .option('--nodes <n>', 'how many hub nodes', nodeCount, 2)
    .option('--mqtt-port <port>', "HAProxy's MQTT port (0: any free port)", port, 1883)
    .option('--http-port <port>', "HAProxy's HTTP port: console, GraphQL (0: any free)", port, 3000)
    .showHelpAfterError()
    .exitOverride();
  program.parse(process.argv.slice(2), { from: 'user' });
  const options = program.opts<{
    dir: string;
    nodes: number;
    mqttPort: number;
    httpPort: number;
  }>();

  out(`starting a cluster of ${options.nodes} hub nodes in ${options.dir}`);
  const cluster = await startLocalCluster({
    dir: options.dir,
    nodes: options.nodes,
    mqttPort: options.mqttPort,
    httpPort: options.httpPort,
    say: (line) => out(`  ${line}`),
  });
  out(clusterReport(cluster));
  reportStateChanges(cluster);

  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    out('\nstopping the cluster');
    void cluster.stop().then(() => {
      out('stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(
    error instanceof ClusterError
      ? `cluster: ${error.message}\n`
      : `cluster: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
