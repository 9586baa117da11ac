// Projection crash-test child: rebuilds the test read models from the event store, slowly
// enough (a short synchronous pause per batch) that the parent can SIGKILL it half-way.
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteEventStore } from '../src/sqlite/sqlite-event-store.js';
import { ProjectionRunner } from '../src/projections/projection-runner.js';
import { countsPerStream, lastMark } from './test-projections.js';

const [storeFile, readModelFile] = process.argv.slice(2);
const store = openSqliteEventStore({ file: storeFile });
const db = new BetterSqlite3(readModelFile);
db.pragma('journal_mode = WAL');
const pause = new Int32Array(new SharedArrayBuffer(4));
const runner = new ProjectionRunner({
  store,
  db,
  projections: [countsPerStream, lastMark],
  batchSize: 100,
});
await runner.rebuild({
  onProgress: (p) => {
    process.stdout.write(`progress ${p.processed} ${p.position}\n`);
    Atomics.wait(pause, 0, 0, 3);
  },
});
process.stdout.write('done\n');
