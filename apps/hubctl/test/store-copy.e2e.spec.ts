import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import pg from 'pg';
import { openDataDir } from '@hub/config';
import {
  connectPostgresEventStore,
  openSqliteEventStore,
  type RecordedEvent,
} from '@hub/event-store';
import { describeWithPostgres, useTestPostgres } from '../../../tools/test/postgres.js';
import { connectDevice, graphqlHttp } from '../../hub/test/support/clients.js';
import { startChildHub, type ChildHub } from '../../../tools/processes/child-hub.js';
import { provisionDevice, type ProvisionedDevice } from '../../hub/test/support/devices.js';
import { runHubctl, type HubctlRun } from '../../hub/test/support/hubctl.js';
import {
  adminToken,
  removeDir,
  startTestHub,
  tempDataDir,
} from '../../hub/test/support/test-hub.js';
import { harnessEnv } from '../../../tools/processes/harness-env.js';

/** Filler events after the hub's own: enough that a copy in batches of 100 takes many commits. */
const FILLER = 20_000;
const READINGS = 30;

interface Summary {
  mode: string;
  complete: boolean;
  kept: number;
  copied: number;
  events: number;
  sourceHash: string;
  targetHash: string;
  verified: boolean;
  chains: { checked: boolean; intact: boolean; labs: { lab: string; intact: boolean }[] };
  error?: { code: string; reason: string };
}

const summaryOf = (run: HubctlRun): Summary =>
  JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Summary;

const copy = (from: string, to: string, ...extra: string[]) =>
  runHubctl(['store', 'copy', '--from', from, '--to', to, '--json', ...extra], {}, 120_000);

/** Every event of a SQLite data dir's log, in order. */
async function sqliteEvents(dataDir: string): Promise<RecordedEvent[]> {
  const store = openSqliteEventStore({ file: `${dataDir}/events.sqlite` });
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

async function postgresEvents(url: string): Promise<RecordedEvent[]> {
  const store = await connectPostgresEventStore({ connectionString: url });
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

async function countRows(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM event_log');
    return Number(rows[0].n);
  } catch {
    return 0; // the copy has not created the table yet
  } finally {
    await client.end();
  }
}

describeWithPostgres('hubctl store copy')(
  'hubctl store copy: SQLite -> PostgreSQL -> SQLite, interrupted and resumed',
  () => {
    const server = useTestPostgres();
    let source: string;
    let back: string;
    let hubDir: string;
    let copyUrl: string;
    let hub: ChildHub | undefined;
    let original: RecordedEvent[];
    let login: ProvisionedDevice;

    beforeAll(async () => {
      source = tempDataDir();
      back = tempDataDir();
      hubDir = tempDataDir();
      copyUrl = await server.createDatabase();
      // A real hub writes the beginning of the log: registry, rule chains, readings.
      const running = await startTestHub(source);
      login = await provisionDevice(running, source, 'scheveningen', 'lp-copy');
      const device = await connectDevice(running.mqttPort, login);
      const observedAt = new Date().toISOString();
      for (let seq = 0; seq < READINGS; seq++) {
        await device.publishAsync(
          `${login.topicPrefix}temperature`,
          JSON.stringify({ seq, observedAt, celsius: 10 + seq / 10 }),
          { qos: 1 },
        );
      }
      await device.endAsync();
      await running.close();
      // Then many more, in several streams, with metadata.
      const store = openSqliteEventStore({ file: `${source}/events.sqlite` });
      const appends: Promise<unknown>[] = [];
      for (let i = 0; i < FILLER; i++) {
        appends.push(
          store.appendToStream(`copy-filler-${i % 13}`, [
            { id: randomUUID(), type: 'CopyFiller', data: { i, text: 'é€😀' }, metadata: { i } },
          ]),
        );
      }
      await Promise.all(appends);
      await store.close();
      original = await sqliteEvents(source);
    }, 180_000);

    afterAll(async () => {
      await hub?.kill('SIGKILL');
      for (const dir of [source, back, hubDir]) removeDir(dir);
    });

    test('refuses to copy a data dir another process holds', async () => {
      const lease = openDataDir(source, 'a hub');
      try {
        const run = await copy(`sqlite:${source}`, copyUrl);
        expect(run.status).toBe(1);
        expect(run.stderr).toContain(`DATA_DIR_IN_USE: ${source} is in use by a hub`);
      } finally {
        lease.release();
      }
      expect(await countRows(copyUrl)).toBe(0);
    }, 120_000);

    test('SQLite -> PostgreSQL killed mid-copy, run again: every event once, verified', async () => {
      const total = original.length;
      expect(total).toBeGreaterThan(FILLER + READINGS);
      const child = spawn(
        process.execPath,
        [
          'dist/apps/hubctl/src/main.js',
          'store',
          'copy',
          '--from',
          `sqlite:${source}`,
          '--to',
          copyUrl,
          '--batch-size',
          '100',
          '--json',
        ],
        { env: { ...harnessEnv.clean() }, stdio: 'ignore' },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_code, signal) => resolve(signal)),
      );
      // Wait until some batches are committed, freeze the process, then kill it as a crash would.
      const deadline = Date.now() + 90_000;
      while ((await countRows(copyUrl)) === 0) {
        if (Date.now() > deadline) throw new Error('the copy committed no batch within 90 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      child.kill('SIGSTOP');
      const atKill = await countRows(copyUrl);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(atKill).toBeGreaterThan(0);
      expect(atKill).toBeLessThan(total);
      // Batches are transactions: what was committed is exactly the source's first events.
      expect(await countRows(copyUrl)).toBe(atKill);

      const resumed = await copy(`sqlite:${source}`, copyUrl);
      expect(resumed.stderr).toContain(`/${total} events`);
      expect(resumed.status).toBe(0);
      const summary = summaryOf(resumed);
      expect(summary).toMatchObject({
        mode: 'verbatim',
        complete: true,
        kept: atKill,
        copied: total - atKill,
        events: total,
        verified: true,
      });
      expect(summary.targetHash).toBe(summary.sourceHash);
      expect(summary.chains.checked).toBe(true);
      expect(summary.chains.intact).toBe(true);
      expect(summary.chains.labs.map((l) => l.lab)).toContain('scheveningen');
      // Positions, revisions, recorded times, data and metadata: all as in the source.
      expect(await postgresEvents(copyUrl)).toEqual(original);
    }, 240_000);

    test('a target that is not a prefix of the source is refused and left as it was', async () => {
      const other = await server.createDatabase();
      const store = await connectPostgresEventStore({ connectionString: other });
      await store.appendToStream('somewhere-else', [
        { id: randomUUID(), type: 'Unrelated', data: {} },
      ]);
      await store.close();
      const run = await copy(`sqlite:${source}`, other);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('TARGET_NOT_PREFIX');
      expect(summaryOf(run).error?.code).toBe('TARGET_NOT_PREFIX');
      expect(await countRows(other)).toBe(1);
    }, 120_000);

    test('PostgreSQL -> SQLite in two runs (--limit): identical to the original, chain verifies', async () => {
      const first = await copy(copyUrl, `sqlite:${back}`, '--limit', '5000');
      expect(first.status).toBe(0);
      expect(summaryOf(first)).toMatchObject({ complete: false, kept: 0, copied: 5000 });
      expect(summaryOf(first).chains.checked).toBe(false);

      const second = await copy(copyUrl, `sqlite:${back}`);
      expect(second.status).toBe(0);
      expect(summaryOf(second)).toMatchObject({
        complete: true,
        kept: 5000,
        copied: original.length - 5000,
        events: original.length,
        verified: true,
      });
      expect(summaryOf(second).chains.intact).toBe(true);
      expect(await sqliteEvents(back)).toEqual(original);

      // The offline chain check reads the copied file itself.
      const verify = await runHubctl(
        ['privacy', 'verify', '--data-dir', back, '--json'],
        {},
        120_000,
      );
      expect(verify.status).toBe(0);
      const report = JSON.parse(verify.stdout) as { intact: boolean; labs: { lab: string }[] };
      expect(report.intact).toBe(true);
      expect(report.labs.map((l) => l.lab)).toContain('scheveningen');
    }, 240_000);

    /** The lamppost's readings over GraphQL, once at least `expected` are there (60 s at most). */
    const readingsOf = async (dataDir: string, expected: number): Promise<number[]> => {
      if (!hub) throw new Error('no hub');
      const query = `query ($filter: ReadingFilter) {
        readings(filter: $filter, first: 100) { edges { node { values } } }
      }`;
      const deadline = Date.now() + 60_000;
      let celsius: number[] = [];
      while (Date.now() < deadline) {
        const answer = await graphqlHttp<{
          readings: { edges: { node: { values: { celsius: number } } }[] };
        }>(hub.httpPort, adminToken(dataDir), query, { filter: { lamppost: 'lp-copy' } });
        expect(answer.body.errors).toBeUndefined();
        celsius = answer.body.data?.readings.edges.map((e) => e.node.values.celsius) ?? [];
        if (celsius.length >= expected) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return celsius.sort((a, b) => a - b);
    };
    const sent = Array.from(
      { length: READINGS },
      (_, seq) => Math.round((10 + seq / 10) * 10) / 10,
    );

    test('a hub started on the copied PostgreSQL log serves the copied readings', async () => {
      // A new node: empty data dir, read models built from the copied log.
      hub = await startChildHub({
        HUB_DATA_DIR: hubDir,
        HUB_EVENT_STORE: 'postgres',
        HUB_POSTGRES_URL: copyUrl,
      });
      expect(await readingsOf(hubDir, READINGS)).toEqual(sent);
      expect(await hub.stop()).toBe(0);
      // The moved node: its own data dir (tokens, keys, read models with their checkpoints),
      // now on the copy. Positions were kept, so its read models continue where they were. The
      // lamppost (its credentials are in the copied log) sends one more reading; once it is
      // served the read models have passed the whole copied log: each reading is there once.
      hub = await startChildHub({
        HUB_DATA_DIR: source,
        HUB_EVENT_STORE: 'postgres',
        HUB_POSTGRES_URL: copyUrl,
      });
      const device = await connectDevice(hub.mqttPort, login);
      await device.publishAsync(
        `${login.topicPrefix}temperature`,
        JSON.stringify({ seq: READINGS, observedAt: new Date().toISOString(), celsius: 42 }),
        { qos: 1 },
      );
      await device.endAsync();
      expect(await readingsOf(source, READINGS + 1)).toEqual([...sent, 42]);
      expect(await hub.stop()).toBe(0);
      hub = undefined;
    }, 300_000);
  },
);
