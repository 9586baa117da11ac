import { Worker, type Transferable } from 'node:worker_threads';
import type { HubLogger } from '@hub/contracts';

/** Hub -> worker: one request, answered by the reply of the same id. */
export interface WorkerRequest<Request> {
  readonly id: number;
  readonly request: Request;
}

/** Worker -> hub: the answer to a request, or why there is none. */
export type WorkerReply<Reply> =
  { readonly id: number; readonly reply: Reply } | { readonly id: number; readonly error: string };

export interface RequestWorkerOptions {
  /** What the worker is called in errors and logs ("audio worker", "query worker"). */
  readonly name: string;
  /** The compiled worker script; a function so a missing file stops `start()`, not the import. */
  readonly file: () => string;
  readonly workerData?: unknown;
  readonly logger: HubLogger;
  /**
   * How long a request sent to the worker may wait for its answer (the worker's own queue
   * included) before the worker is taken for stuck: it is ended and started again, and every
   * request in flight is refused.
   */
  readonly timeoutMs: number;
  /** Requests in flight at most; one more is refused at once with `WorkerBusyError`. */
  readonly maxPending?: number;
  /**
   * Requests in flight at most for one key (`call`'s `key`: who asks), so that one caller cannot
   * take every place of `maxPending`; one more is refused at once with `WorkerBusyError`.
   */
  readonly maxPendingPerKey?: number;
  /**
   * Requests in the worker at once (default: no bound, each is sent as it comes). With a bound,
   * the others wait on this thread and are sent one key at a time in turn (round robin over the
   * keys that have some waiting), so a caller with many requests waiting delays another caller's
   * one by about one request each, not by all of its own. The worker answers one at a time
   * anyway; 2 keeps it busy while an answer travels back.
   */
  readonly inWorker?: number;
}

/** Refused without being sent: the worker already holds `maxPending` requests (of this key). */
export class WorkerBusyError extends Error {
  constructor(
    readonly worker: string,
    readonly maxPending: number,
    /** Whether the bound reached is the caller's own share (`maxPendingPerKey`). */
    readonly ofKey: boolean,
  ) {
    super(
      `the ${worker} is busy: ${maxPending} requests${ofKey ? ' of this caller' : ''} are waiting for it`,
    );
  }
}

interface Pending {
  readonly resolve: (reply: never) => void;
  readonly reject: (error: Error) => void;
  /** Set when the request is sent to the worker: how long it may take from there. */
  timer?: NodeJS.Timeout;
}

/** A request not yet sent to the worker (`inWorker` reached), in its key's line. */
interface Waiting<Request> {
  readonly id: number;
  readonly request: Request;
  readonly transfer: readonly Transferable[];
}

/** The line of requests that name no key: they share it. */
const NO_KEY = Symbol('no key');

/**
 * One worker thread that answers requests, supervised: a worker that ends unasked (a crash) or
 * stops answering is started again at once, and the requests it held are refused (their promises
 * reject with the reason), never left waiting. An idle worker does not hold the process open.
 * The audio and query threads are this with their own request and reply.
 */
export class RequestWorker<Request, Reply> {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  /** Requests in flight per key (only keys with some). */
  private readonly perKey = new Map<string, number>();
  /** Requests not yet sent, per key; the map's order is the turn (a served key goes last). */
  private readonly lines = new Map<string | symbol, Waiting<Request>[]>();
  /** Requests sent to the worker and not yet answered. */
  private sent = 0;
  private nextId = 1;
  private stopping = true;
  private spawnedAt = 0;
  /** Workers in a row that ended within a second of their start. */
  private quickDeaths = 0;
  private respawnTimer: NodeJS.Timeout | undefined;
  /** Times the worker was started again after it crashed or got stuck. */
  restarts = 0;

  constructor(private readonly options: RequestWorkerOptions) {}

  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Starts the worker; throws at once when its script is missing (the boot stops with it). */
  start(): void {
    if (!this.stopping) return;
    this.stopping = false;
    this.spawn();
  }

  call(request: Request, transfer: readonly Transferable[] = [], key?: string): Promise<Reply> {
    const { name, maxPending, maxPendingPerKey } = this.options;
    if (!this.worker) return Promise.reject(new Error(`the ${name} is not running`));
    if (maxPending !== undefined && this.pending.size >= maxPending) {
      return Promise.reject(new WorkerBusyError(name, maxPending, false));
    }
    const held = key === undefined ? 0 : (this.perKey.get(key) ?? 0);
    if (maxPendingPerKey !== undefined && key !== undefined && held >= maxPendingPerKey) {
      return Promise.reject(new WorkerBusyError(name, maxPendingPerKey, true));
    }
    if (key !== undefined) this.perKey.set(key, held + 1);
    const id = this.nextId++;
    const answered = new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
    });
    const line = this.lines.get(key ?? NO_KEY);
    const waiting = { id, request, transfer };
    if (line) line.push(waiting);
    else this.lines.set(key ?? NO_KEY, [waiting]);
    this.pump();
    if (key === undefined) return answered;
    const release = (): void => {
      const left = (this.perKey.get(key) ?? 1) - 1;
      if (left > 0) this.perKey.set(key, left);
      else this.perKey.delete(key);
    };
    return answered.finally(release);
  }

  /** Sends waiting requests while the worker holds fewer than `inWorker`, one key at a time. */
  private pump(): void {
    const limit = this.options.inWorker ?? Number.POSITIVE_INFINITY;
    while (this.worker && this.sent < limit && this.lines.size > 0) {
      const [key, line] = this.lines.entries().next().value!;
      const next = line.shift()!;
      this.lines.delete(key);
      if (line.length > 0) this.lines.set(key, line); // its turn again after the others'
      this.send(this.worker, next);
    }
  }

  private send(worker: Worker, { id, request, transfer }: Waiting<Request>): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    const { name, timeoutMs } = this.options;
    try {
      worker.postMessage({ id, request } satisfies WorkerRequest<Request>, [...transfer]);
    } catch (error) {
      // A request that cannot be sent (not cloneable) is this request's fault, not the worker's.
      this.pending.delete(id);
      pending.reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.sent++;
    worker.ref(); // an idle worker does not hold the process; one with work does
    pending.timer = setTimeout(
      () => this.fail(worker, `the ${name} did not answer within ${timeoutMs} ms`),
      timeoutMs,
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.respawnTimer);
    const worker = this.worker;
    this.worker = undefined;
    this.rejectAll('the hub is stopping');
    await worker?.terminate();
  }

  /** Ends the worker as a crash would (the recovery tests); it is started again as after one. */
  async terminateWorker(): Promise<void> {
    await this.worker?.terminate();
  }

  private spawn(): void {
    const { name } = this.options;
    const worker = new Worker(this.options.file(), { workerData: this.options.workerData });
    this.worker = worker;
    this.spawnedAt = Date.now();
    worker.unref();
    worker.on('message', (answer: WorkerReply<Reply>) => this.receive(worker, answer));
    worker.on('error', (error) => this.fail(worker, `the ${name} failed: ${error.message}`));
    worker.on('exit', (code) => this.fail(worker, `the ${name} ended (exit code ${code})`));
  }

  private receive(worker: Worker, answer: WorkerReply<Reply>): void {
    const pending = this.pending.get(answer.id);
    if (!pending || worker !== this.worker) return;
    this.pending.delete(answer.id);
    clearTimeout(pending.timer);
    this.sent--;
    if (this.sent === 0) worker.unref();
    if ('error' in answer) pending.reject(new Error(answer.error));
    else pending.resolve(answer.reply as never);
    this.pump();
  }

  /**
   * The worker crashed, ended or hangs: refuse what it holds and what waits for it, end it, start
   * a new one.
   */
  private fail(worker: Worker, reason: string): void {
    if (worker !== this.worker) return; // already replaced (or stopped)
    this.worker = undefined;
    const inFlight = this.pending.size;
    this.rejectAll(reason);
    void worker.terminate();
    if (this.stopping) return;
    this.options.logger.error(`${this.options.name} lost; starting it again`, {
      reason,
      requestsRefused: inFlight,
    });
    this.restarts++;
    // Started again at once; but a worker that keeps dying as it starts (a broken build) is
    // started at most once a second, its requests refused meanwhile.
    this.quickDeaths = Date.now() - this.spawnedAt < 1000 ? this.quickDeaths + 1 : 0;
    if (this.quickDeaths < 2) this.spawn();
    else this.respawnTimer = setTimeout(() => this.stopping || this.spawn(), 1000);
  }

  /** Refuses every request in flight, sent or waiting to be. */
  private rejectAll(reason: string): void {
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new Error(reason));
    }
    this.pending.clear();
    this.lines.clear();
    this.sent = 0;
  }
}
