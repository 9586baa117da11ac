import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import type { Client } from 'graphql-ws';
import type { MqttClient } from 'mqtt';
import pg from 'pg';
import { describeWithPostgres, useTestPostgres } from '../../../tools/test/postgres.js';
import { connectDevice, graphqlHttp, graphqlWs } from './support/clients.js';
import { startChildHub, type ChildHub } from '../../../tools/processes/child-hub.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { Qos1Publisher, readingBody, seqOf } from './support/qos1-publisher.js';
import { removeDir, tempDataDir } from './support/test-hub.js';

const LAB = 'scheveningen';
const STREAM = `subscription ($after: String) {
  readings(after: $after, filter: { lab: "${LAB}" }) { cursor lamppost values }
}`;
const HISTORY = `query ($filter: ReadingFilter, $after: String) {
  readings(filter: $filter, first: 500, after: $after) {
    edges { node { lamppost values } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const CREATE_TOKEN = `mutation ($input: CreateTokenInput!) {
  createToken(input: $input) { token apiToken { id } }
}`;
const REVOKE_TOKEN = `mutation ($id: String!) { revokeToken(id: $id) { revokedAt } }`;
const PROPOSE = `mutation ($input: ProposeRuleSetInput!) { proposeRuleSet(input: $input) { version } }`;
const APPROVE = `mutation ($lab: String!, $version: Int!) {
  approveRuleSet(lab: $lab, version: $version) { version }
}`;
const ACTIVATE = `mutation ($lab: String!, $version: Int!, $effectiveAt: String) {
  activateRuleSet(lab: $lab, version: $version, effectiveAt: $effectiveAt) { status }
}`;
const LATEST = `query ($filter: ReadingFilter) {
  readings(filter: $filter, last: 1) { edges { node { values rule { version } } } }
}`;
const REVOKE = `mutation ($lab: String!, $lamppost: String!) {
  revokeDevice(lab: $lab, lamppost: $lamppost) { status }
}`;

/** Polls `check` every 50 ms until it holds; fails after `timeoutMs`, naming what it waited for. */
async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Streamed {
  readonly cursor: string;
  readonly lamppost: string;
  readonly values: { celsius: number };
}

/** A live subscription that keeps every reading it gets, in order. */
function follow(client: Client, after?: string): { got: Streamed[]; errors: unknown[] } {
  const got: Streamed[] = [];
  const errors: unknown[] = [];
  client.subscribe<{ readings: Streamed }>(
    { query: STREAM, variables: after === undefined ? {} : { after } },
    {
      next: (value) => {
        if (value.errors) errors.push(value.errors);
        else if (value.data) got.push(value.data.readings);
      },
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return { got, errors };
}

describeWithPostgres('several hub nodes on one PostgreSQL log')(
  'two hub nodes on one PostgreSQL log behave as one hub',
  () => {
    const server = useTestPostgres();
    const adminToken = randomBytes(24).toString('base64url');
    const dirs: string[] = [];
    const hubs: ChildHub[] = [];
    const clients: Client[] = [];
    const devices: MqttClient[] = [];
    let url: string;

    /** Each node has its own data dir; both hold the same admin token (as an operator would). */
    const start = async (
      node: string,
      dataDir: string,
      extra: Record<string, string> = {},
    ): Promise<ChildHub> => {
      writeFileSync(join(dataDir, 'admin-token'), adminToken + '\n', { mode: 0o600 });
      const hub = await startChildHub(
        {
          HUB_DATA_DIR: dataDir,
          HUB_NODE_ID: node,
          HUB_EVENT_STORE: 'postgres',
          HUB_POSTGRES_URL: url,
          ...extra,
        },
        90_000,
      );
      hubs.push(hub);
      return hub;
    };

    /** Connects, retrying while the node has not yet followed the log up to the provisioning. */
    const connect = async (hub: ChildHub, login: ProvisionedDevice): Promise<MqttClient> => {
      let client: MqttClient | undefined;
      await waitUntil(
        `${login.username} accepted by the node on port ${hub.mqttPort}`,
        async () => {
          client = await connectDevice(hub.mqttPort, login).catch(() => undefined);
          return client !== undefined;
        },
      );
      client!.on('error', () => undefined);
      devices.push(client!);
      return client!;
    };

    afterAll(async () => {
      for (const c of clients) await c.dispose();
      for (const d of devices) d.end(true);
      for (const hub of hubs) await hub.kill('SIGKILL');
      for (const dir of dirs) removeDir(dir);
    });

    test('kill -9 of a node mid-burst: every acknowledged reading stored once, subscribers without gap or duplicate on either node, a revocation on one node closes the device on the other', async () => {
      url = await server.createDatabase();
      const dirA = tempDataDir();
      const dirB = tempDataDir();
      dirs.push(dirA, dirB);
      let nodeA = await start('node-a', dirA);
      const nodeB = await start('node-b', dirB);

      // Provisioned through node A; two devices connect to A, one to B.
      const logins: ProvisionedDevice[] = [];
      for (const lamppost of ['lp-a1', 'lp-a2', 'lp-b1', 'lp-r']) {
        logins.push(await provisionDevice(nodeA, dirA, LAB, lamppost));
      }
      const observedAt = new Date().toISOString();
      const onA = [
        new Qos1Publisher(await connect(nodeA, logins[0]), logins[0], observedAt),
        new Qos1Publisher(await connect(nodeA, logins[1]), logins[1], observedAt),
      ];
      const onB = new Qos1Publisher(await connect(nodeB, logins[2]), logins[2], observedAt);

      // A subscriber on node B from the start of the log.
      const subscriberB = graphqlWs(nodeB.httpPort, adminToken);
      clients.push(subscriberB);
      const streamB = follow(subscriberB);

      // The burst: 300 readings per device; node A dies once both its devices had 40 acks.
      const seqs = Array.from({ length: 300 }, (_, i) => i);
      const burstA = onA.map((p) => p.publish(seqs));
      const burstB = onB.publish(seqs);
      await waitUntil('40 acknowledged readings per device on node A', () =>
        onA.every((p) => p.acked.size >= 40),
      );
      await nodeA.kill('SIGKILL');
      for (const p of onA) p.connection.end(true);
      await Promise.all(burstA);
      for (const p of onA) expect(p.acked.size).toBeLessThan(300); // it did die mid-burst

      // Node A's devices reconnect to node B and resend what was not acknowledged, and, as a
      // device that lost PUBACKs would, the last ten that were; then they carry on.
      for (const p of onA) {
        p.moveTo(await connect(nodeB, p.login));
        const rest = seqs.filter((s) => !p.tried.has(s));
        await p.publish(p.resendList(10), 1);
        await p.publish(rest);
        expect(p.acked.size).toBe(300);
      }
      await burstB;
      expect(onB.acked.size).toBe(300);

      // The log: each acknowledged reading exactly once (one row per seq and copy).
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      const { rows } = await db.query<{ lamppost: string; seq: number; n: string }>(
        `SELECT split_part(stream_id, '.', 2) AS lamppost, (COALESCE(data->>'seq', data->>1))::int AS seq, count(*) AS n
         FROM event_log WHERE type = 'ReadingRecorded'
         GROUP BY split_part(stream_id, '.', 2), COALESCE(data->>'seq', data->>1), COALESCE(data->>'audience', data->>5, 'any')`,
      );
      await db.end();
      expect(rows.filter((r) => Number(r.n) !== 1)).toEqual([]);
      const inLog = new Set(rows.map((r) => `${r.lamppost}#${r.seq}`));
      for (const p of [...onA, onB]) {
        for (const s of p.acked) expect(inLog.has(`${p.login.lamppost}#${s}`)).toBe(true);
      }

      // History over GraphQL on node B: 900 readings, each once.
      const history = async (port: number): Promise<string[]> => {
        const keys: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await graphqlHttp<{
            readings: {
              edges: { node: Streamed }[];
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
            };
          }>(port, adminToken, HISTORY, { filter: { lab: LAB }, after });
          expect(page.body.errors).toBeUndefined();
          const readings = page.body.data!.readings;
          keys.push(...readings.edges.map((e) => `${e.node.lamppost}#${seqOf(e.node.values)}`));
          if (!readings.pageInfo.hasNextPage || !readings.pageInfo.endCursor) return keys;
          after = readings.pageInfo.endCursor;
        }
      };
      let stored: string[] = [];
      await waitUntil('900 readings in the history on node B', async () => {
        stored = await history(nodeB.httpPort);
        return stored.length >= 900;
      });
      expect(stored.length).toBe(900);
      expect(new Set(stored).size).toBe(900);

      // The subscriber on node B: every reading, in log order, none twice, none missing.
      await waitUntil(
        '900 readings on the subscription on node B',
        () => streamB.got.length >= 900,
      );
      expect(streamB.errors).toEqual([]);
      const keysB = streamB.got.map((r) => `${r.lamppost}#${seqOf(r.values)}`);
      expect(new Set(keysB).size).toBe(keysB.length);
      expect(new Set(keysB)).toEqual(new Set(stored));
      const cursorsB = streamB.got.map((r) => Number(r.cursor));
      expect(cursorsB.every((c, i) => i === 0 || c > cursorsB[i - 1])).toBe(true);

      // Node A comes back; a subscriber that had stopped after reading 400 resumes there, on
      // the other node, with its cursor: the rest, in the same order, nothing twice.
      nodeA = await start('node-a', dirA);
      const subscriberA = graphqlWs(nodeA.httpPort, adminToken);
      clients.push(subscriberA);
      const resumed = follow(subscriberA, streamB.got[399].cursor);
      await waitUntil('500 readings on the resumed subscription on node A', () => {
        return resumed.got.length >= 500;
      });
      // Anything after the 500 would be a duplicate or a reading from nowhere: give it a chance
      // to show up by waiting for a reading published after them to arrive.
      const marker = new Qos1Publisher(await connect(nodeB, logins[3]), logins[3], observedAt);
      await marker.publish([0], 1);
      await waitUntil('the marker reading on the resumed subscription', () =>
        resumed.got.some((r) => r.lamppost === 'lp-r'),
      );
      expect(resumed.errors).toEqual([]);
      expect(resumed.got.map((r) => r.cursor)).toEqual([
        ...streamB.got.slice(400, 900).map((r) => r.cursor),
        resumed.got.at(-1)!.cursor,
      ]);

      // A revocation issued on node A closes the device's connection on node B.
      const closed = new Promise<void>((resolve) => marker.connection.once('close', resolve));
      const sentAt = Date.now();
      const revoked = await graphqlHttp<{ revokeDevice: { status: string } }>(
        nodeA.httpPort,
        adminToken,
        REVOKE,
        { lab: LAB, lamppost: 'lp-r' },
      );
      expect(revoked.body.data?.revokeDevice.status).toBe('revoked');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        closed,
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('node B did not close the revoked device within 30 s')),
            30_000,
          );
        }),
      ]);
      clearTimeout(timer);
      // Measured, not asserted (docs/architecture.md gives the bound): NOTIFY, then the follow.
      process.stdout.write(`revocation reached node B after ${Date.now() - sentAt} ms\n`);
      // And node B refuses it from now on.
      await expect(connectDevice(nodeB.mqttPort, logins[3])).rejects.toThrow();
    }, 300_000);

    test('a rule version activated through node A is in force on node B, switched once; a token revoked on node A ends its subscription on node B', async () => {
      url = await server.createDatabase();
      const dirA = tempDataDir();
      const dirB = tempDataDir();
      dirs.push(dirA, dirB);
      const nodeA = await start('node-a', dirA);
      // Node B has no timers: node A switches the version, node B learns it from the log.
      const nodeB = await start('node-b', dirB, { HUB_ROLES: 'ingest,api' });
      const gql = async <T>(hub: ChildHub, token: string, query: string, variables = {}) => {
        const { body } = await graphqlHttp<T>(hub.httpPort, token, query, variables);
        expect(body.errors).toBeUndefined();
        return body.data!;
      };
      const issue = async (
        input: Record<string, string>,
      ): Promise<{ token: string; id: string }> => {
        const { createToken } = await gql<{
          createToken: { token: string; apiToken: { id: string } };
        }>(nodeA, adminToken, CREATE_TOKEN, { input });
        return { token: createToken.token, id: createToken.apiToken.id };
      };

      const login = await provisionDevice(nodeA, dirA, LAB, 'lp-rule');
      const partner = await issue({ role: 'partner', lab: LAB });
      const officer = await issue({
        role: 'privacy-officer',
        municipality: 'den-haag',
        holder: 'fg@denhaag.example',
      });
      // v2 keeps whole degrees: a reading filtered by it shows 21, by v1 21.5.
      const v2 = JSON.parse(readFileSync('libs/privacy/rules/scheveningen.json', 'utf8')) as {
        version: number;
        kinds: { temperature: { fields: { celsius: { decimals: number } } } };
      };
      v2.version = 2;
      v2.kinds.temperature.fields.celsius.decimals = 0;
      await gql(nodeA, partner.token, PROPOSE, {
        input: { lab: LAB, content: v2, reason: 'whole degrees', reference: 'DPIA-15' },
      });
      await gql(nodeA, officer.token, APPROVE, { lab: LAB, version: 2 });
      // Scheduled a moment ahead: node A's timer switches it.
      const effectiveAt = new Date(Date.now() + 1500).toISOString();
      await gql(nodeA, officer.token, ACTIVATE, { lab: LAB, version: 2, effectiveAt });

      // A device on node B: its readings are filtered by v2 once the switch reached node B.
      const device = await connect(nodeB, login);
      let seq = 0;
      const latest = async (): Promise<{ celsius: number; version: number } | undefined> => {
        const data = await gql<{
          readings: {
            edges: { node: { values: { celsius: number }; rule: { version: number } } }[];
          };
        }>(nodeB, adminToken, LATEST, { filter: { lamppost: 'lp-rule' } });
        const node = data.readings.edges[0]?.node;
        return node && { celsius: node.values.celsius, version: node.rule.version };
      };
      await waitUntil('a reading filtered by v2 on node B', async () => {
        seq += 1;
        await device.publishAsync(
          `${login.topicPrefix}temperature`,
          JSON.stringify({ seq, observedAt: new Date().toISOString(), celsius: 21.46 }),
          { qos: 1 },
        );
        return (await latest())?.version === 2;
      });
      expect(await latest()).toEqual({ celsius: 21, version: 2 });

      // Switched once, by node A; no node logged a failed activation.
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM event_log
         WHERE type = 'RuleSetActivated' AND (data->>'version')::int = 2`,
      );
      await db.end();
      expect(Number(rows[0].n)).toBe(1);
      for (const hub of [nodeA, nodeB]) {
        expect(hub.output()).not.toContain('could not activate a scheduled rule version');
      }

      // A municipality token issued and revoked through node A; its subscription is on node B.
      const municipality = await issue({ role: 'municipality', municipality: 'den-haag' });
      const watcher = graphqlWs(nodeB.httpPort, municipality.token);
      clients.push(watcher);
      await waitUntil('node B to accept the token issued on node A', async () => {
        const answer = await graphqlHttp(
          nodeB.httpPort,
          municipality.token,
          '{ whatCanISee { role } }',
        );
        return answer.body.errors === undefined;
      });
      const stream = follow(watcher);
      await waitUntil(
        'the municipality subscription on node B to deliver',
        () => stream.got.length > 0,
      );
      await gql(nodeA, adminToken, REVOKE_TOKEN, { id: municipality.id });
      await waitUntil(
        'the subscription on node B to end with an error',
        () => stream.errors.length > 0,
      );
    }, 300_000);

    test('HUB_ROLES splits the work: an ingest-only node has MQTT and no GraphQL, an api-only node the reverse', async () => {
      url = await server.createDatabase();
      const dirApi = tempDataDir();
      const dirIngest = tempDataDir();
      dirs.push(dirApi, dirIngest);
      const api = await start('api-1', dirApi, { HUB_ROLES: 'api,timers' });
      const ingest = await start('ingest-1', dirIngest, { HUB_ROLES: 'ingest' });
      await api.waitForLine((line) => line.includes('no MQTT doors on this node'));

      // Provisioned through the API node; the device connects to the ingest node.
      const login = await provisionDevice(api, dirApi, LAB, 'lp-roles');
      const device = await connect(ingest, login);
      await device.publishAsync(
        `${login.topicPrefix}temperature`,
        readingBody(1, new Date().toISOString()),
        { qos: 1 },
      );
      const noGraphql = await fetch(`http://127.0.0.1:${ingest.httpPort}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ query: '{ whatCanISee { role } }' }),
      });
      expect(noGraphql.status).toBe(404);
      // Both are ready: the ingest node listens for devices, the API node needs no MQTT to be.
      expect((await fetch(`http://127.0.0.1:${ingest.httpPort}/health`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${api.httpPort}/health`)).status).toBe(200);

      // The reading stored through the ingest node is served by the API node.
      await waitUntil('the reading in the history of the API node', async () => {
        const page = await graphqlHttp<{ readings: { edges: unknown[] } }>(
          api.httpPort,
          adminToken,
          HISTORY,
          { filter: { lamppost: 'lp-roles' } },
        );
        return page.body.data?.readings.edges.length === 1;
      });
      // Only the API node keeps read models; the ingest node never opened any.
      expect(existsSync(join(dirApi, 'read-models.sqlite'))).toBe(true);
      expect(existsSync(join(dirIngest, 'read-models.sqlite'))).toBe(false);
    }, 300_000);
  },
);
