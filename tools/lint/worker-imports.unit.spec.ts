import { resolve } from 'node:path';
import { expect, test } from '@jest/globals';
import { packagesLoadedBy } from './import-graph.js';

const root = resolve(import.meta.dirname, '..', '..');
/** What a worker thread has no use for: the web framework, GraphQL, the broker. */
const HEAVY = /^(@nestjs\/|@apollo\/|graphql|aedes|mqtt|express|class-validator)/;

// A worker thread loads its own copy of every module it imports: a barrel that pulls in Nest
// and GraphQL cost the projection worker about a second of start-up (the registry's barrel,
// for three event names). Its imports stay with the log, the read models and the contracts.
test('the projection worker thread loads no web framework, GraphQL or broker package', () => {
  const loaded = packagesLoadedBy(root, 'libs/feeds/src/read-model/projection-worker.entry.ts');
  expect(loaded).toContain('better-sqlite3');
  expect([...loaded].filter((name) => HEAVY.test(name))).toEqual([]);
});

test('the audio worker thread loads no package at all but Node built-ins', () => {
  const loaded = packagesLoadedBy(root, 'libs/ingest/src/privacy/audio-worker.entry.ts');
  expect(loaded).toContain('node:worker_threads');
  expect([...loaded].filter((name) => !name.startsWith('node:'))).toEqual([]);
});

test('the query worker thread loads SQLite and no web framework, GraphQL or broker package', () => {
  const loaded = packagesLoadedBy(root, 'libs/feeds/src/read-model/query-worker.entry.ts');
  expect(loaded).toContain('better-sqlite3');
  expect([...loaded].filter((name) => HEAVY.test(name))).toEqual([]);
});
