import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import BetterSqlite3 from 'better-sqlite3';
import type { RunningHub } from '../src/hub.js';
import { gql } from './feeds-fixtures.js';
import { connectDevice } from './support/clients.js';
import { waitUntil } from './support/deadline.js';
import { provisionDevice } from './support/devices.js';
import { storedReadings } from './support/stored-readings.js';
import { readingBody } from './support/qos1-publisher.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

// A node without the `api` role (HUB_ROLES=ingest,timers) stores what devices send and keeps no
// read side: no read models written, no projection thread. The read models are the log's to
// rebuild: the node that serves the API brings them up to the head when it starts.

const dir = tempDataDir();
const hubs: RunningHub[] = [];
afterAll(async () => {
  for (const hub of hubs) await hub.close().catch(() => undefined);
  removeDir(dir);
});

const HISTORY = `query { readings(filter: { lamppost: "lp-ingest-only" }, first: 50) {
  edges { node { values } } } }`;

/** The read models' checkpoints, by projection (none when the file does not exist). */
function checkpoints(): Record<string, number> {
  const file = join(dir, 'read-models.sqlite');
  if (!existsSync(file)) return {};
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT name, position FROM projection_checkpoints').all() as {
      name: string;
      position: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.name, r.position]));
  } finally {
    db.close();
  }
}

test('an ingest-only node stores readings without projecting them; the API node projects them when it starts', async () => {
  // Provisioned through a node with every role, which then stops.
  const first = await startTestHub(dir);
  hubs.push(first);
  const login = await provisionDevice(first, dir, 'scheveningen', 'lp-ingest-only');
  await first.close();
  const before = checkpoints();
  expect(Object.keys(before).length).toBeGreaterThan(0);

  const ingestOnly = await startTestHub(dir, { HUB_ROLES: 'ingest,timers' });
  hubs.push(ingestOnly);
  const device = await connectDevice(ingestOnly.mqttPort, login);
  const observedAt = new Date().toISOString();
  for (let seq = 1; seq <= 5; seq++) {
    await device.publishAsync(`${login.topicPrefix}temperature`, readingBody(seq, observedAt), {
      qos: 1,
    });
  }
  await device.endAsync();
  // No GraphQL on it, and the read models did not move while it stored the five readings.
  const refused = await fetch(`http://127.0.0.1:${ingestOnly.httpPort}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(refused.status).toBe(404);
  await ingestOnly.close();
  expect(storedReadings(dir).filter((r) => r.lamppost === 'lp-ingest-only')).toHaveLength(5);
  expect(checkpoints()).toEqual(before);

  // Every role again: the five readings are in the history once the projections caught up.
  const api = await startTestHub(dir);
  hubs.push(api);
  const admin = adminToken(dir);
  await waitUntil(
    async () => {
      const data = await gql<{ readings: { edges: unknown[] } }>(api, admin, HISTORY, {});
      return data.readings.edges.length === 5;
    },
    { what: 'the five readings in the history' },
  );
  const after = checkpoints();
  for (const [name, position] of Object.entries(before)) {
    expect(after[name]).toBeGreaterThan(position);
  }
});
