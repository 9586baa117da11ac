// The query worker thread (started by QueryThread from its compiled file in dist/). It answers
// the feeds' history and aggregate reads with its own `query_only` connection to the read models,
// which the projection worker writes; it holds nothing between reads but prepared statements.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from '@hub/ops';
import { HourlyAggregatesQuery } from './hourly-aggregates-query.js';
import type {
  QueryWorkerAnswer,
  QueryWorkerData,
  QueryWorkerRequest,
} from './query-worker-protocol.js';
import { openReadModelDb } from './read-model-db.js';
import { ReadingsQuery } from './readings-query.js';

if (!parentPort) throw new Error('query-worker.entry runs as a worker thread only');
const port = parentPort;
const data = workerData as QueryWorkerData;
const db = openReadModelDb(data.readModelsFile);
db.pragma('query_only = ON');
const history = new ReadingsQuery(db, data.historyScanLimit);
const counts = new HourlyAggregatesQuery(db);

const answer = (r: QueryWorkerRequest): QueryWorkerAnswer =>
  r.op === 'readings'
    ? history.rowsIn(r.q, r.scopes, r.request)
    : counts.rangeAt(
        r.request.lab,
        r.request.kinds,
        r.request.bounds,
        r.request.limit,
        r.request.perLamppost,
      );

port.on('message', ({ id, request }: WorkerRequest<QueryWorkerRequest>) => {
  let reply: WorkerReply<QueryWorkerAnswer>;
  try {
    reply = { id, reply: answer(request) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
