import type { HubLogger } from '@hub/contracts';
import { compiledWorkerFile, RequestWorker, WorkerBusyError } from '@hub/ops';
import { QueriesBusyError } from '../application/feed-errors.js';
import type { ReadingQuery } from '../application/reading-view.js';
import type { HoursAnswer } from './hourly-aggregates-query.js';
import type {
  QueryWorkerAnswer,
  QueryWorkerData,
  QueryWorkerRequest,
} from './query-worker-protocol.js';
import { ReadQueries, type HoursRequest } from './read-queries.port.js';
import {
  viewsOf,
  type HistoryPage,
  type HistoryRows,
  type LabScopes,
  type PageRequest,
} from './readings-query.js';

export interface QueryThreadOptions extends QueryWorkerData {
  readonly logger: HubLogger;
  /**
   * Reads sent to the worker and not yet answered, at most; one more is refused (busy). One
   * reader (token) may hold an eighth of them (at least 2: a page and its look past the cursor).
   */
  readonly maxPending: number;
  /**
   * How long a read sent to the worker may wait for its answer before the worker is taken for
   * stuck and started again (default 30 s; a bounded read takes milliseconds).
   */
  readonly timeoutMs?: number;
}

/**
 * The feeds' history and aggregate reads on their own worker thread (HUB_QUERIES_THREAD=worker),
 * with a `query_only` connection to the read models: the broker's thread sends the read and
 * receives the answer, and does not run the SQL, so a burst of queries does not hold up PUBACKs.
 * Read-your-writes is unchanged: the service waits for the projections to reach the head before
 * it sends the read, and the worker's connection sees every batch committed before that.
 */
export class QueryThread extends ReadQueries {
  private readonly worker: RequestWorker<QueryWorkerRequest, QueryWorkerAnswer>;

  constructor(private readonly options: QueryThreadOptions) {
    super();
    const data: QueryWorkerData = {
      readModelsFile: options.readModelsFile,
      historyScanLimit: options.historyScanLimit,
    };
    this.worker = new RequestWorker({
      name: 'query worker',
      file: () =>
        compiledWorkerFile(import.meta.url, 'query-worker.entry.js', 'HUB_QUERIES_THREAD=main'),
      workerData: data,
      logger: options.logger,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxPending: options.maxPending,
      maxPendingPerKey: Math.max(2, Math.floor(options.maxPending / 8)),
      // Two reads in the worker at once; the others wait here and go in turn, one reader at a
      // time, so a reader with its full share waiting delays another's read by about one read.
      inWorker: 2,
    });
  }

  get threadId(): number | undefined {
    return this.worker.threadId;
  }

  get restarts(): number {
    return this.worker.restarts;
  }

  /** Reads sent to the worker and not yet answered. */
  get inFlight(): number {
    return this.worker.inFlight;
  }

  start(): void {
    this.worker.start();
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }

  /** Ends the worker as a crash would (the recovery test); it is started again as after one. */
  terminateWorker(): Promise<void> {
    return this.worker.terminateWorker();
  }

  async readings(
    reader: string,
    q: ReadingQuery,
    scopes: LabScopes,
    request: PageRequest,
  ): Promise<HistoryPage> {
    // Rows cross the thread; they are decoded here, as on the main thread's own path.
    const rows = await this.call(reader, { op: 'readings', q, scopes, request });
    return viewsOf(rows as HistoryRows);
  }

  hours(reader: string, request: HoursRequest): Promise<HoursAnswer> {
    return this.call(reader, { op: 'hours', request }) as Promise<HoursAnswer>;
  }

  private async call(reader: string, request: QueryWorkerRequest): Promise<QueryWorkerAnswer> {
    try {
      return await this.worker.call(request, [], reader);
    } catch (error) {
      if (error instanceof WorkerBusyError)
        throw new QueriesBusyError(error.maxPending, error.ofKey);
      throw error;
    }
  }
}
