import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { MqttClient } from 'mqtt';
import pg from 'pg';
import { describeWithPostgres, useTestPostgres } from '../../../tools/test/postgres.js';
import { connectDevice, graphqlHttp } from './support/clients.js';
import { startChildHub, type ChildHub } from '../../../tools/processes/child-hub.js';
import { waitUntil } from './support/deadline.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { adminToken, removeDir, tempDataDir } from './support/test-hub.js';

const HISTORY = `query ($filter: ReadingFilter) {
  readings(filter: $filter, first: 500) { edges { node { kind values } } }
}`;

/**
 * seq → a reading body whose celsius value is unique to that seq (the rule buckets observedAt to
 * the minute and keeps one decimal of celsius).
 */
const reading = (seq: number, observedAt: string): string =>
  JSON.stringify({ seq, observedAt, celsius: 10 + seq / 10 });

describeWithPostgres('the hub on a PostgreSQL event log')(
  'the hub with HUB_EVENT_STORE=postgres: MQTT in, GraphQL out, kill -9 and restart',
  () => {
    const server = useTestPostgres();
    let dataDir: string;
    let url: string;
    let hub: ChildHub | undefined;
    const env = (): Record<string, string> => ({
      HUB_DATA_DIR: dataDir,
      HUB_EVENT_STORE: 'postgres',
      HUB_POSTGRES_URL: url,
    });

    beforeAll(async () => {
      dataDir = tempDataDir();
      url = await server.createDatabase();
    });
    afterAll(async () => {
      await hub?.kill('SIGKILL');
      removeDir(dataDir);
    });

    test('every acknowledged QoS 1 reading is stored exactly once across a kill -9, in PostgreSQL and over GraphQL', async () => {
      hub = await startChildHub(env(), 60_000);
      const login: ProvisionedDevice = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-pg');
      const topic = `${login.topicPrefix}temperature`;
      const observedAt = new Date().toISOString();
      let device: MqttClient = await connectDevice(hub.mqttPort, login);
      device.on('error', () => undefined);

      // Publish in a loop; kill the hub with SIGKILL while readings are in flight.
      const acked = new Set<number>();
      let seq = 0;
      const publishing = (async () => {
        for (; seq < 400; seq++) {
          const current = seq;
          try {
            await device.publishAsync(topic, reading(current, observedAt), { qos: 1 });
            acked.add(current);
          } catch {
            return; // the connection died with the hub: this one was not acknowledged
          }
        }
      })();
      await waitUntil(() => acked.size >= 40, {
        what: '40 acknowledged readings before the kill',
        intervalMs: 10,
      });
      await hub.kill('SIGKILL');
      device.end(true);
      await publishing;
      const lastTried = seq;
      expect(acked.size).toBeGreaterThanOrEqual(40);

      // Restart on the same log and data dir; the device resends the reading it had in flight
      // and, as a device that lost track would, the last ten it had acknowledged.
      hub = await startChildHub(env(), 60_000);
      device = await connectDevice(hub.mqttPort, login);
      for (let resend = Math.max(0, lastTried - 10); resend <= lastTried; resend++) {
        await device.publishAsync(topic, reading(resend, observedAt), { qos: 1 });
        acked.add(resend);
      }
      await device.endAsync();

      // The log in PostgreSQL: each acknowledged seq exactly once.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ seq: number; n: string }>(
        `SELECT (COALESCE(data->>'seq', data->>1))::int AS seq, count(*) AS n FROM event_log
         WHERE type = 'ReadingRecorded' AND split_part(stream_id, '.', 2) = 'lp-pg'
         GROUP BY COALESCE(data->>'seq', data->>1), COALESCE(data->>'audience', data->>5, 'any')`,
      );
      await client.end();
      // One row per (seq, audience): a count above 1 is a reading stored twice.
      expect(rows.filter((r) => Number(r.n) !== 1)).toEqual([]);
      const stored = new Set(rows.map((r) => r.seq));
      for (const s of acked) expect([s, stored.has(s)]).toEqual([s, true]);

      // Over GraphQL (read models rebuilt from the PostgreSQL log): each one exactly once.
      const token = adminToken(dataDir);
      let celsius: number[] = [];
      await waitUntil(
        async () => {
          const answer = await graphqlHttp<{
            readings: { edges: { node: { kind: string; values: { celsius: number } } }[] };
          }>(hub!.httpPort, token, HISTORY, { filter: { lamppost: 'lp-pg' } });
          expect(answer.body.errors).toBeUndefined();
          celsius = answer.body.data?.readings.edges.map((e) => e.node.values.celsius) ?? [];
          return celsius.length >= acked.size;
        },
        { what: `all ${acked.size} acknowledged readings over GraphQL`, intervalMs: 200 },
      );
      const counts = new Map<number, number>();
      for (const c of celsius) {
        const s = Math.round((c - 10) * 10);
        counts.set(s, (counts.get(s) ?? 0) + 1);
      }
      for (const s of acked) expect([s, counts.get(s)]).toEqual([s, 1]);
      expect(await hub.stop()).toBe(0);
      hub = undefined;
    }, 180_000);
  },
);
