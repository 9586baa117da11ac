// `npm run bench:cluster`: hub nodes on one PostgreSQL log. Prints progress on stderr and, as
// its last stdout line, one JSON object:
// - postgresAppendEventsPerSec, rawPostgresRowsPerSec, postgresRatio: the store alone against
//   plain batched INSERTs of the same rows (the PostgreSQL part of bench:store);
// - oneNodeMsgsPerSec / twoNodeMsgsPerSec: QoS 1 ingest through real hub processes on the shared
//   log, acknowledged messages per second, with the CPU each hub process used (cores);
// - failoverGapMs: from `kill -9` of the node a device is connected to until that device's first
//   PUBACK from the other node (the device reconnects as soon as its socket closes).
// Everything runs on this machine: the load generators, the hubs and PostgreSQL share its cores,
// so two nodes cannot double one node's figure here (docs/deployment.md says what N machines do).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { benchPostgres } from '../../event-store/bench/postgres.bench.js';
import { startPostgresCluster } from '../../../tools/processes/postgres-cluster.js';
import { runLoadProcess } from './support/load-process.js';
import { startHubProcess, type HubProcess } from './support/processes.js';
import { provisionDevices, type ProvisionedDevice } from './support/provision.js';

const DEVICES = 40;
const INFLIGHT = 8;
const DURATION_SEC = 10;
const LAB = 'scheveningen';
const root = resolve('.');
const log = (message: string): void => void process.stderr.write(`${message}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat (Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime), counted after the command name: indexes 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function createDatabase(serverUrl: string): Promise<string> {
  const name = `hub_cluster_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

interface Cluster {
  readonly nodes: HubProcess[];
  readonly dir: string;
}

/** `count` hub nodes on a new database of the server, all with the same admin token. */
async function startNodes(serverUrl: string, count: number): Promise<Cluster> {
  const url = await createDatabase(serverUrl);
  const dir = mkdtempSync(join(tmpdir(), 'hub-cluster-bench-'));
  const token = randomBytes(24).toString('base64url');
  const nodes: HubProcess[] = [];
  for (let i = 0; i < count; i++) {
    const dataDir = join(dir, `node-${i}`);
    mkdirSync(dataDir, { mode: 0o700 });
    writeFileSync(join(dataDir, 'admin-token'), `${token}\n`, { mode: 0o600 });
    nodes.push(
      await startHubProcess(root, dataDir, {
        HUB_NODE_ID: `node-${i}`,
        HUB_EVENT_STORE: 'postgres',
        HUB_POSTGRES_URL: url,
        // Every client is on loopback and the load exceeds these by design (as in bench:ingest).
        HUB_MQTT_MESSAGES_PER_SEC: '0',
        HUB_MQTT_MAX_CONNECTIONS_PER_IP: '0',
        HUB_MQTT_MAX_PENDING_PER_IP: '1000',
      }),
    );
  }
  return { nodes, dir };
}

async function stopCluster(cluster: Cluster): Promise<void> {
  for (const node of cluster.nodes) await node.stop();
  rmSync(cluster.dir, { recursive: true, force: true });
}

interface IngestFigure {
  readonly msgsPerSec: number;
  readonly cpuCoresPerNode: number[];
}

/**
 * QoS 1 ingest for DURATION_SEC: the devices are split evenly over the nodes, one load generator
 * process per node, all at once. Messages per second: every acknowledged message over the
 * longest generator's duration.
 */
async function ingest(cluster: Cluster, devices: ProvisionedDevice[]): Promise<IngestFigure> {
  const n = cluster.nodes.length;
  const files = cluster.nodes.map((_, i) => {
    const file = join(cluster.dir, `credentials-${i}.json`);
    writeFileSync(file, JSON.stringify(devices.filter((_, d) => d % n === i)));
    return file;
  });
  const cpuBefore = cluster.nodes.map((node) => cpuSeconds(node.pid));
  const started = performance.now();
  const results = await Promise.all(
    cluster.nodes.map((node, i) =>
      runLoadProcess(root, {
        broker: node.mqttUrl,
        devices: Math.ceil(devices.length / n),
        rate: 0,
        inflight: INFLIGHT,
        durationSec: DURATION_SEC,
        credentialsFile: files[i],
      }),
    ),
  );
  const wallSec = (performance.now() - started) / 1000;
  const cpuCoresPerNode = cluster.nodes.map((node, i) =>
    Number(((cpuSeconds(node.pid) - cpuBefore[i]) / wallSec).toFixed(2)),
  );
  const acked = results.reduce((sum, r) => sum + r.acked, 0);
  const duration = Math.max(...results.map((r) => r.durationSec));
  for (const r of results) {
    if (r.errors > 0) log(`  load errors: ${r.errors} (${r.errorMessages.slice(0, 3).join('; ')})`);
  }
  return { msgsPerSec: Math.round(acked / duration), cpuCoresPerNode };
}

const connect = (node: HubProcess, device: ProvisionedDevice): Promise<MqttClient> =>
  mqtt.connectAsync(node.mqttUrl, {
    clientId: device.username,
    username: device.username,
    password: device.password,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });

/**
 * A device publishing on node 0 at full speed (one message in flight); node 0 is killed with
 * SIGKILL; the device reconnects to node 1 at once when its socket closes and publishes again.
 * The gap: from the kill to the first PUBACK from node 1.
 */
async function failoverGap(cluster: Cluster, device: ProvisionedDevice): Promise<number> {
  const [doomed, survivor] = cluster.nodes;
  const client = await connect(doomed, device);
  client.on('error', () => undefined);
  const closed = new Promise<void>((r) => client.once('close', () => r()));
  let seq = 1_000_000;
  const body = () =>
    JSON.stringify({ seq: ++seq, observedAt: new Date().toISOString(), celsius: 20 });
  const topic = `${device.topicPrefix}temperature`;
  let publishing = true;
  const loop = (async () => {
    while (publishing) {
      try {
        await client.publishAsync(topic, body(), { qos: 1 });
      } catch {
        return;
      }
    }
  })();
  await sleep(1000);
  const killedAt = performance.now();
  process.kill(doomed.pid, 'SIGKILL');
  await closed;
  publishing = false;
  client.end(true);
  await loop;
  for (;;) {
    try {
      const moved = await connect(survivor, device);
      moved.on('error', () => undefined);
      await moved.publishAsync(topic, body(), { qos: 1 });
      const gap = performance.now() - killedAt;
      await moved.endAsync();
      return Math.round(gap);
    } catch {
      await sleep(10);
    }
  }
}

async function main(): Promise<void> {
  log('cluster bench: the store alone (PostgreSQL, fsync on)');
  const store = await benchPostgres({
    appenders: 100,
    appendMs: 3000,
    event: (i) => ({
      id: randomUUID(),
      type: 'ReadingRecorded',
      data: { lab: LAB, lamppost: `lp-${i % 100}`, kind: 'temperature', seq: i, celsius: 20.5 },
    }),
    log,
    repeat: async (label, run) => {
      const value = await run();
      log(`  ${label}: ${value.toFixed(0)}`);
      return value;
    },
  });

  const server = await startPostgresCluster({ durable: true });
  try {
    log(`cluster bench: ${DEVICES} devices, inflight ${INFLIGHT}, ${DURATION_SEC} s per figure`);
    const one = await startNodes(server.url, 1);
    let oneNode: IngestFigure;
    try {
      const ids = Array.from({ length: DEVICES }, (_, i) => `c1-${i}`);
      const devices = await provisionDevices(
        one.nodes[0].httpPort,
        one.nodes[0].adminToken(),
        LAB,
        ids,
      );
      oneNode = await ingest(one, devices);
      log(
        `  one node: ${oneNode.msgsPerSec} msgs/s, CPU ${oneNode.cpuCoresPerNode.join(', ')} cores`,
      );
    } finally {
      await stopCluster(one);
    }

    const two = await startNodes(server.url, 2);
    let twoNodes: IngestFigure;
    let failoverGapMs: number;
    try {
      const ids = Array.from({ length: DEVICES + 1 }, (_, i) => `c2-${i}`);
      const devices = await provisionDevices(
        two.nodes[0].httpPort,
        two.nodes[0].adminToken(),
        LAB,
        ids,
      );
      const mover = devices.pop()!;
      twoNodes = await ingest(two, devices);
      log(
        `  two nodes: ${twoNodes.msgsPerSec} msgs/s, CPU ${twoNodes.cpuCoresPerNode.join(', ')} cores`,
      );
      failoverGapMs = await failoverGap(two, mover);
      log(
        `  failover gap: ${failoverGapMs} ms from kill -9 to the first PUBACK of the moved device`,
      );
    } finally {
      await stopCluster(two);
    }

    process.stdout.write(
      `${JSON.stringify({
        ...(store ?? {}),
        oneNodeMsgsPerSec: oneNode.msgsPerSec,
        twoNodeMsgsPerSec: twoNodes.msgsPerSec,
        oneNodeCpuCores: oneNode.cpuCoresPerNode,
        twoNodeCpuCoresPerNode: twoNodes.cpuCoresPerNode,
        failoverGapMs,
        devices: DEVICES,
        inflight: INFLIGHT,
        durationSec: DURATION_SEC,
      })}\n`,
    );
  } finally {
    server.stop();
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
