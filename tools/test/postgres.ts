import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, type describe } from '@jest/globals';
import pg from 'pg';
import { startPostgresCluster, type PostgresCluster } from '../processes/postgres-cluster.js';
import { POSTGRESQL } from '../processes/system-programs.js';
import { describeWithPrograms } from './system-packages.js';
import { harnessEnv } from '../processes/harness-env.js';

/**
 * PostgreSQL for tests. With HUB_TEST_POSTGRES_URL set (a test-only switch, like
 * HUB_REQUIRE_SYSTEM_PACKAGES) the tests use that server; otherwise each test file starts its own
 * throwaway cluster (about 2 s) and stops it in afterAll, also when tests failed. No cluster and
 * no server: the suite is skipped with `SKIPPED: ... needs postgresql` (a failure under
 * HUB_REQUIRE_SYSTEM_PACKAGES=1, as in CI).
 */
const givenServer = (): string | undefined => harnessEnv.testPostgresUrl();

export function describeWithPostgres(what: string): typeof describe {
  return describeWithPrograms(what, givenServer() ? [] : [POSTGRESQL]);
}

export interface TestPostgres {
  /** URL of the server (its default database). */
  serverUrl(): string;
  /** A new, empty database on that server; its URL. */
  createDatabase(): Promise<string>;
}

/** Registers beforeAll/afterAll that provide a server for this file and clean up after it. */
export function useTestPostgres(): TestPostgres {
  let cluster: PostgresCluster | undefined;
  let url = '';
  const created: string[] = [];
  beforeAll(async () => {
    const given = givenServer();
    if (given) url = given;
    else {
      cluster = await startPostgresCluster();
      url = cluster.url;
    }
  }, 90_000);
  afterAll(async () => {
    if (cluster) {
      cluster.stop();
      return;
    }
    // A shared server: drop what this file created.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }, 60_000);
  return {
    serverUrl: () => url,
    async createDatabase() {
      const name = `hub_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      created.push(name);
      const target = new URL(url);
      target.pathname = `/${name}`;
      return target.toString();
    },
  };
}
