// The projection worker thread (started by ProjectionThread from its compiled file in dist/).
// It follows the log with its own connection (for SQLite a second connection on the same file,
// woken by the hub's commit broadcast; for PostgreSQL its own pool, woken by NOTIFY) and writes
// the read models with its own connection. The runner commits each batch with its checkpoint.
import { parentPort, workerData } from 'node:worker_threads';
import type { HubLogger } from '@hub/contracts';
import { createEventStore, ProjectionRunner } from '@hub/event-store';
import { FEED_PROJECTIONS } from './feed-projections.js';
import type {
  ProjectionWorkerData,
  ProjectionWorkerMessage,
  ProjectionWorkerStop,
} from './projection-worker-protocol.js';
import { openReadModelDb } from './read-model-db.js';

if (!parentPort) throw new Error('projection-worker.entry runs as a worker thread only');
const port = parentPort;
const data = workerData as ProjectionWorkerData;
const post = (message: ProjectionWorkerMessage): void => port.postMessage(message);
const logAt =
  (level: 'info' | 'warn' | 'error') =>
  (message: string, context?: Record<string, unknown>): void =>
    post({ type: 'log', level, message, context });
const logger: HubLogger = {
  info: logAt('info'),
  warn: logAt('warn'),
  error: logAt('error'),
};

const store = await createEventStore(
  // The hub's own store runs the WAL checkpoint thread; this reader needs none.
  { ...data.eventStore, sqlite: { ...data.eventStore.sqlite, checkpointIntervalMs: 0 } },
  logger,
);
const db = openReadModelDb(data.readModelsFile);
const runner = new ProjectionRunner({ store, db, projections: FEED_PROJECTIONS, logger });
const applied = (): number =>
  Math.min(...FEED_PROJECTIONS.map((p) => runner.checkpoint(p.name) ?? 0));

let stopping = false;
port.on('message', (message: ProjectionWorkerStop) => {
  if (message.type !== 'stop' || stopping) return;
  stopping = true;
  void (async () => {
    await runner.stop();
    await store.close();
    db.close();
    // Ends this thread at once (a pending wait below holds a timer).
    process.exit(0);
  })();
});

runner.start();
let position = applied();
post({ type: 'checkpoint', position });
while (!stopping) {
  // Resolves after the batch that moves the checkpoint past `position`; the timeout only bounds
  // one wait (the loop waits again).
  if (await runner.waitForPosition(position + 1, 60_000)) {
    position = applied();
    if (!stopping) post({ type: 'checkpoint', position });
  }
}
