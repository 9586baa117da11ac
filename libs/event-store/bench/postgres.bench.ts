// The PostgreSQL part of `npm run bench:store`: the adapter's group-committed appends against
// plain batched INSERTs of the same rows into the same table on the same server, in the same
// run. The server is HUB_BENCH_POSTGRES_URL (a benchmark switch, not hub configuration; its user
// needs CREATEDB) or, when that is unset, a throwaway local cluster with the default durability
// settings (fsync on), removed afterwards.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { connectPostgresEventStore, type NewEvent } from '../src/index.js';
import {
  startPostgresCluster,
  type PostgresCluster,
} from '../../../tools/processes/postgres-cluster.js';
import { findPostgresBinDir } from '../../../tools/processes/postgres-programs.js';
import { harnessEnv } from '../../../tools/processes/harness-env.js';

export interface PostgresBenchOptions {
  readonly appenders: number;
  readonly appendMs: number;
  readonly event: (i: number) => NewEvent;
  readonly log: (message: string) => void;
  readonly repeat: (label: string, run: () => Promise<number>) => Promise<number>;
}

export interface PostgresBenchResult {
  readonly postgresAppendEventsPerSec: number;
  readonly rawPostgresRowsPerSec: number;
  readonly postgresRatio: number;
  readonly postgresServer: 'HUB_BENCH_POSTGRES_URL' | 'local cluster';
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database with the adapter's tables; its URL. */
async function freshDatabase(serverUrl: string, created: string[]): Promise<string> {
  const name = `hub_bench_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await withAdmin(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  created.push(name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await (await connectPostgresEventStore({ connectionString: url.toString() })).close();
  return url.toString();
}

async function appendRate(url: string, o: PostgresBenchOptions): Promise<number> {
  const store = await connectPostgresEventStore({
    connectionString: url,
    groupCommitWindowMs: 2,
    groupCommitMaxEvents: o.appenders,
  });
  let count = 0;
  const start = performance.now();
  const deadline = start + o.appendMs;
  await Promise.all(
    Array.from({ length: o.appenders }, async (_, worker) => {
      while (performance.now() < deadline) {
        await store.appendToStream(`lamppost-${worker}`, [o.event(count)]);
        count++;
      }
    }),
  );
  const rate = (count * 1000) / (performance.now() - start);
  await store.close();
  return rate;
}

/** The same rows (one per appender per batch), one multi-row INSERT per transaction. */
async function rawRate(url: string, o: PostgresBenchOptions): Promise<number> {
  return withAdmin(url, async (client) => {
    const columns = 7;
    const placeholders = Array.from(
      { length: o.appenders },
      (_, r) =>
        `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')}, now())`,
    ).join(', ');
    const text = `INSERT INTO event_log (position, stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES ${placeholders}`;
    const revisions = new Array<number>(o.appenders).fill(-1);
    let position = 0;
    const start = performance.now();
    while (performance.now() - start < o.appendMs) {
      const values: unknown[] = [];
      for (let worker = 0; worker < o.appenders; worker++) {
        position++;
        revisions[worker]++;
        const e = o.event(position);
        values.push(
          position,
          `lamppost-${worker}`,
          revisions[worker],
          e.id,
          e.type,
          JSON.stringify(e.data),
          null,
        );
      }
      await client.query('BEGIN');
      await client.query(text, values);
      await client.query('COMMIT');
    }
    return (position * 1000) / (performance.now() - start);
  });
}

/** Runs the PostgreSQL figures, or returns undefined (with a line saying why) when no server. */
export async function benchPostgres(
  o: PostgresBenchOptions,
): Promise<PostgresBenchResult | undefined> {
  const given = harnessEnv.benchPostgresUrl();
  let cluster: PostgresCluster | undefined;
  if (!given) {
    if (!findPostgresBinDir()) {
      o.log('postgres: skipped (HUB_BENCH_POSTGRES_URL unset and no local postgresql to start)');
      return undefined;
    }
    cluster = await startPostgresCluster({ durable: true });
  }
  const serverUrl = given ?? cluster?.url ?? '';
  const created: string[] = [];
  try {
    o.log(`postgres: ${given ? 'HUB_BENCH_POSTGRES_URL' : 'local cluster (fsync on)'}`);
    const append = await o.repeat('postgres append, group commit (events/s)', async () =>
      appendRate(await freshDatabase(serverUrl, created), o),
    );
    const raw = await o.repeat('postgres raw batched INSERTs, same rows (rows/s)', async () =>
      rawRate(await freshDatabase(serverUrl, created), o),
    );
    return {
      postgresAppendEventsPerSec: Math.round(append),
      rawPostgresRowsPerSec: Math.round(raw),
      postgresRatio: Number((append / raw).toFixed(3)),
      postgresServer: given ? 'HUB_BENCH_POSTGRES_URL' : 'local cluster',
    };
  } finally {
    if (cluster) cluster.stop();
    else {
      await withAdmin(serverUrl, async (c) => {
        for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    }
  }
}
