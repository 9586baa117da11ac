import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Client } from 'graphql-ws';
import type { MqttClient } from 'mqtt';
import pg from 'pg';
import { graphqlWs } from '../../apps/hub/test/support/clients.js';
import { provisionDevice, type ProvisionedDevice } from '../../apps/hub/test/support/devices.js';
import { tryConnect } from '../../apps/hub/test/support/mqtt-connect.js';
import { Qos1Publisher, seqOf } from '../../apps/hub/test/support/qos1-publisher.js';
import { postgresServerRunning } from '../processes/postgres-server.js';
import { HAPROXY, POSTGRESQL } from '../processes/system-programs.js';
import { describeWithPrograms } from '../test/system-packages.js';
import { waitUntil } from '../test/wait-until.js';
import { ClusterError } from './cluster-error.js';
import { startLocalCluster, type LocalCluster } from './local-cluster.js';

const LAB = 'scheveningen';
const READINGS = 300;
const STREAM = `subscription ($after: String) {
  readings(after: $after, filter: { lab: "${LAB}" }) { cursor lamppost values }
}`;

interface Streamed {
  readonly cursor: string;
  readonly lamppost: string;
  readonly values: { celsius: number };
}

/** Runs one query on a server of the cluster and closes the connection. */
async function query<R extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A graphql-ws subscriber through HAProxy that, when its connection ends (its node died),
 * subscribes again through HAProxy after the cursor of the last reading it got, as docs/feeds.md
 * tells clients to (half a second apart, at most 100 times). GraphQL errors are kept, not retried.
 */
class ResumingSubscriber {
  readonly got: Streamed[] = [];
  readonly errors: unknown[] = [];
  reconnects = 0;
  private client!: Client;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  connected!: Promise<void>;

  constructor(
    private readonly httpPort: number,
    private readonly token: string,
  ) {
    this.open(undefined);
  }

  private open(after: string | undefined): void {
    if (this.closed) return;
    const client = graphqlWs(this.httpPort, this.token);
    this.client = client;
    this.connected = new Promise((resolve) => client.on('connected', () => resolve()));
    client.subscribe<{ readings: Streamed }>(
      { query: STREAM, variables: after === undefined ? {} : { after } },
      {
        next: (value) => {
          if (value.errors) this.errors.push(value.errors);
          else if (value.data) this.got.push(value.data.readings);
        },
        error: (error) => {
          if (this.closed) return;
          // GraphQL errors come as an array; anything else is the connection: a closed socket
          // (its node died) or a refused upgrade (HAProxy's 503 while the dead node is still
          // in its rotation).
          if (Array.isArray(error) || this.reconnects >= 100) {
            this.errors.push(error);
            return;
          }
          this.reconnects += 1;
          void disposeQuietly(client);
          this.reconnectTimer = setTimeout(() => this.open(this.got.at(-1)?.cursor), 500);
        },
        complete: () => {
          if (!this.closed) this.errors.push(new Error('the subscription completed'));
        },
      },
    );
  }

  seqs(): number[] {
    return this.got.map((r) => seqOf(r.values));
  }

  /** Stops for good: no reconnect is pending or started after this. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    await disposeQuietly(this.client);
  }
}

/**
 * graphql-ws's dispose() awaits the connection in progress and rejects with its error when that
 * connection fails (a refused connect once HAProxy or the node is gone): there is then no socket
 * to close, so that rejection is not a failure of the test.
 */
async function disposeQuietly(client: Client): Promise<void> {
  try {
    await client.dispose();
  } catch {
    // the connection in progress was refused: nothing to close
  }
}

describeWithPrograms('the local cluster (npm run cluster)', [POSTGRESQL, HAPROXY])(
  'npm run cluster: two hub nodes on one PostgreSQL log with a streaming replica, behind HAProxy',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-cluster-'));
    const said: string[] = [];
    const say = (line: string) => said.push(line);
    /** Two nodes in the test's folder, on free ports, fsync off. */
    const startTwoNodes = () =>
      startLocalCluster({ dir, nodes: 2, mqttPort: 0, httpPort: 0, durable: false, say });
    const devices: MqttClient[] = [];
    const subscribers: ResumingSubscriber[] = [];
    let cluster: LocalCluster;
    let cluster2: LocalCluster | undefined;

    beforeAll(async () => {
      cluster = await startTwoNodes();
    }, 300_000);

    afterAll(async () => {
      for (const s of subscribers) await s.close();
      for (const d of devices) d.end(true);
      await cluster?.stop();
      await cluster2?.stop();
      rmSync(dir, { recursive: true, force: true });
    }, 120_000);

    /**
     * Connects through HAProxy, retrying while no live node accepts the device yet (the node
     * HAProxy picks may not have followed the provisioning yet, or be the dead one). Once a
     * second: each refusal counts toward the node's login throttle (5 free failures).
     */
    const connectThroughHaproxy = async (login: ProvisionedDevice): Promise<MqttClient> => {
      // tryConnect settles also when the socket is just closed (HAProxy and a dead node).
      const client = await waitUntil(
        () =>
          tryConnect(`mqtt://127.0.0.1:${cluster.front.mqtt}`, {
            clientId: login.username,
            username: login.username,
            password: login.password,
          }).catch(() => undefined),
        { what: `${login.username} accepted through HAProxy`, timeoutMs: 90_000, intervalMs: 1000 },
      );
      client.on('error', () => undefined);
      devices.push(client);
      return client;
    };

    /** The node named by the device's latest DeviceConnected event (device presence). */
    const nodeHolding = async (lamppost: string): Promise<string | undefined> => {
      const rows = await query<{ node: string }>(
        cluster.postgres.primary.url,
        `SELECT data->>'node' AS node FROM event_log
         WHERE type = 'DeviceConnected' AND data->>'lamppost' = $1
         ORDER BY position DESC LIMIT 1`,
        [lamppost],
      );
      return rows[0]?.node;
    };

    test('kill -9 of the node holding a device mid-burst: it moves through HAProxy to the other node, every acknowledged reading is stored once, subscribers see no gap and no duplicate, the replica has every event', async () => {
      // Provisioned over GraphQL through HAProxy, with the cluster's admin token file.
      const login = await provisionDevice({ httpPort: cluster.front.http }, dir, LAB, 'lp-1');

      // Two subscribers from the start of the log, one after the other: HAProxy's leastconn
      // gives the second the node the first is not on, so one of them loses its node.
      for (let i = 0; i < 2; i++) {
        const subscriber = new ResumingSubscriber(cluster.front.http, cluster.adminToken);
        subscribers.push(subscriber);
        await subscriber.connected;
      }

      const publisher = new Qos1Publisher(
        await connectThroughHaproxy(login),
        login,
        new Date().toISOString(),
      );
      const holder = await waitUntil(() => nodeHolding('lp-1'), {
        what: 'the DeviceConnected event of lp-1',
      });
      const victim = cluster.nodes.find((node) => node.id === holder);
      const survivor = cluster.nodes.find((node) => node.id !== holder);
      expect(victim).toBeDefined();

      const seqs = Array.from({ length: READINGS }, (_, i) => i);
      const burst = publisher.publish(seqs);
      await waitUntil(() => publisher.acked.size >= 40, {
        what: '40 acknowledged readings before the kill',
        timeoutMs: 120_000,
      });
      await victim!.hub.kill('SIGKILL');
      publisher.connection.end(true);
      await burst;
      const ackedBeforeKill = publisher.acked.size;
      expect(ackedBeforeKill).toBeLessThan(READINGS); // it did die mid-burst

      // The device reconnects through HAProxy: the only live node takes it.
      publisher.moveTo(await connectThroughHaproxy(login));
      await waitUntil(async () => (await nodeHolding('lp-1')) === survivor!.id, {
        what: `lp-1 connected to ${survivor!.id}`,
      });
      const rest = seqs.filter((s) => !publisher.tried.has(s));
      const resent = publisher.resendList(10).length;
      await publisher.publish(publisher.resendList(10), 1);
      await publisher.publish(rest);
      expect(publisher.acked.size).toBe(READINGS);

      // The log: each acknowledged reading exactly once (one row per seq and audience copy).
      const rows = await query<{ seq: number; n: string }>(
        cluster.postgres.primary.url,
        `SELECT (COALESCE(data->>'seq', data->>1))::int AS seq, count(*) AS n FROM event_log
         WHERE type = 'ReadingRecorded' AND split_part(stream_id, '.', 2) = 'lp-1'
         GROUP BY COALESCE(data->>'seq', data->>1), COALESCE(data->>'audience', data->>5, 'any')`,
      );
      expect(rows.filter((r) => Number(r.n) !== 1)).toEqual([]);
      expect(new Set(rows.map((r) => r.seq))).toEqual(new Set(seqs));

      // A marker reading after the burst: once a subscriber has it, anything twice would show.
      await publisher.publish([READINGS], 1);
      for (const subscriber of subscribers) {
        await waitUntil(() => subscriber.seqs().includes(READINGS), {
          what: 'the marker reading on a subscriber',
          timeoutMs: 120_000,
        });
        expect(subscriber.errors).toEqual([]);
        const got = subscriber.seqs();
        expect(got.length).toBe(READINGS + 1);
        expect(new Set(got)).toEqual(new Set([...seqs, READINGS]));
        const cursors = subscriber.got.map((r) => Number(r.cursor));
        expect(cursors.every((c, i) => i === 0 || c > cursors[i - 1])).toBe(true);
      }
      // The subscriber on the killed node resumed through HAProxy with its cursor.
      expect(subscribers.some((s) => s.reconnects > 0)).toBe(true);

      // The replica: once it has replayed up to the primary's WAL position as of a snapshot of
      // the log, it holds the same events in the same order (the nodes may append more meanwhile:
      // presence, timers; positions are given in commit order, under the head-row lock).
      const ids = 'SELECT position, event_id FROM event_log WHERE position <= $1 ORDER BY position';
      const onPrimary = await query<{ position: string; event_id: string }>(
        cluster.postgres.primary.url,
        ids,
        [Number.MAX_SAFE_INTEGER],
      );
      const last = onPrimary.at(-1)!.position;
      const [{ lsn }] = await query<{ lsn: string }>(
        cluster.postgres.primary.url,
        'SELECT pg_current_wal_lsn()::text AS lsn',
      );
      await waitUntil(
        async () => {
          const [row] = await query<{ caught: boolean }>(
            cluster.postgres.replica.url,
            'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught',
            [lsn],
          );
          return row.caught;
        },
        { what: `the replica replaying up to ${lsn}`, timeoutMs: 60_000 },
      );
      const onReplica = await query<{ position: string; event_id: string }>(
        cluster.postgres.replica.url,
        ids,
        [last],
      );
      expect(onReplica.length).toBeGreaterThan(READINGS);
      expect(onReplica).toEqual(onPrimary);
      // The subscribers are done: closed before the next test stops the cluster under them.
      for (const subscriber of subscribers) await subscriber.close();
      // Figures of this run, printed, not asserted.
      process.stdout.write(
        `cluster: ${ackedBeforeKill} of ${READINGS} acknowledged by ${holder} before its kill; ` +
          `${resent} resent to ${survivor!.id}; subscriber reconnects ` +
          `${subscribers.map((s) => s.reconnects).join(', ')}; ` +
          `${onReplica.length} events on the replica\n`,
      );
    }, 300_000);

    test('a second cluster on a busy folder or port is refused; stop() goes in order; run again, it reuses the folder', async () => {
      await expect(
        startLocalCluster({ dir, nodes: 1, mqttPort: 0, httpPort: 0, durable: false }),
      ).rejects.toThrow(/already running from/);
      const other = mkdtempSync(join(tmpdir(), 'hub-cluster-other-'));
      try {
        const taken = startLocalCluster({
          dir: other,
          nodes: 1,
          mqttPort: cluster.front.mqtt,
          httpPort: 0,
          durable: false,
        });
        await expect(taken).rejects.toThrow(ClusterError);
        await expect(taken).rejects.toThrow(`port ${cluster.front.mqtt} (MQTT through HAProxy)`);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }

      const [before] = await query<{ n: string; last: string }>(
        cluster.postgres.primary.url,
        'SELECT count(*) AS n, max(position) AS last FROM event_log',
      );
      said.length = 0;
      await cluster.stop();
      expect(said).toEqual([
        'stopping HAProxy',
        ...cluster.nodes.map((node) => `stopping ${node.id} (pid ${node.hub.pid})`),
        'stopping the PostgreSQL replica',
        'stopping the PostgreSQL primary',
      ]);
      const { primary, replica, programs } = cluster.postgres;
      expect(postgresServerRunning(programs, primary.dataDir)).toBe(false);
      expect(postgresServerRunning(programs, replica.dataDir)).toBe(false);

      said.length = 0;
      cluster2 = await startTwoNodes();
      // Neither initdb nor pg_basebackup again; the same token; the log kept.
      expect(said.filter((line) => line.includes('first run only'))).toEqual([]);
      expect(cluster2.adminToken).toBe(cluster.adminToken);
      const [{ n: kept }] = await query<{ n: string }>(
        cluster2.postgres.primary.url,
        'SELECT count(*) AS n FROM event_log WHERE position <= $1',
        [before.last],
      );
      expect(kept).toBe(before.n);
      const ready = await fetch(`http://127.0.0.1:${cluster2.front.http}/health/ready`);
      expect(ready.status).toBe(200);
    }, 300_000);
  },
);
