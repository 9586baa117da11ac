import { MessageChannel, Worker } from 'node:worker_threads';
import type { HubLogger } from '@hub/contracts';
import type { HubConfig } from '@hub/config';
import { serveWrites, type EventStore } from '@hub/event-store';
import { compiledWorkerFile, type ThreadMetrics } from '@hub/ops';
import type { RuleStats } from '@hub/privacy';
import type { ApiThreadData, FromApiThread, ToApiThread } from './api-thread-protocol.js';

/** How long the API's thread may take to close its sockets and its app before it is ended. */
const STOP_WITHIN_MS = 15_000;
/** A thread that ended unasked is started again after this long, doubled while it keeps failing. */
const RESTART_FIRST_MS = 1000;
const RESTART_MAX_MS = 30_000;

export interface ApiThreadOptions {
  /** The node's configuration; the thread gets the `api` role only. */
  readonly config: HubConfig;
  /** The broker's thread's log, which the API's thread writes through (SQLite). */
  readonly store: EventStore;
  readonly brokerHttpPort: number;
  readonly websocketPath: string;
  readonly relaySecret: string;
  /** The node's filter totals over every run (FilterStatsRecorder.totals). */
  readonly filterTotals: () => Record<string, RuleStats>;
  readonly logger: HubLogger;
}

/** The API's role, as the broker's thread sees it: the configuration it runs with. */
export function apiThreadConfig(config: HubConfig): HubConfig {
  return {
    ...config,
    roles: { ingest: false, api: true, timers: false },
    // Its filter sees no message: no audio worker of its own.
    privacy: { ...config.privacy, audioThread: 'main' },
  };
}

/** One run of the thread: the worker, the port it listens on, and its writes being served. */
interface Running {
  readonly worker: Worker;
  readonly httpPort: number;
  readonly stopServing: () => void;
}

/**
 * The API's thread (decision 0022), started by the broker's thread once its own app listens:
 * GraphQL, graphql-ws, the console and the read side run there, off the thread that writes the
 * log and acknowledges devices. `start` resolves once the thread listens on the HTTP port. A
 * thread that ends unasked is logged and started again; MQTT is not interrupted meanwhile.
 */
export class ApiThread {
  private readonly pendingMetrics = new Map<number, (metrics: ThreadMetrics) => void>();
  private nextId = 1;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartDelayMs = RESTART_FIRST_MS;

  private constructor(
    private current: Running | undefined,
    private readonly options: ApiThreadOptions,
  ) {
    if (current) this.watch(current);
  }

  static async start(options: ApiThreadOptions): Promise<ApiThread> {
    return new ApiThread(await spawn(options), options);
  }

  /** The port the thread listens on (HUB_HTTP_PORT, or the one bound for 0). */
  get httpPort(): number {
    return this.current?.httpPort ?? this.options.config.http.port;
  }

  /** The hub metrics the API's thread counted (empty if it does not answer). */
  metrics(): Promise<ThreadMetrics> {
    return new Promise((answer) => {
      const id = this.nextId++;
      this.pendingMetrics.set(id, answer);
      if (!this.send({ type: 'metrics', id })) {
        this.pendingMetrics.delete(id);
        answer([]);
      }
    });
  }

  /**
   * Closes the API first (its sockets, subscriptions, read side; its writes answered), then stops
   * serving its writes. Ends the thread if it takes longer than STOP_WITHIN_MS.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const running = this.current;
    if (!running) return;
    const exited = new Promise<void>((done) => running.worker.once('exit', () => done()));
    if (this.send({ type: 'stop' })) {
      const timer = setTimeout(() => void running.worker.terminate(), STOP_WITHIN_MS);
      await exited;
      clearTimeout(timer);
    }
    running.stopServing();
  }

  /** Ends the thread as a crash would (the recovery test); it is started again as after one. */
  async crashForTest(): Promise<void> {
    await this.current?.worker.terminate();
  }

  private watch(running: Running): void {
    const { worker } = running;
    worker.on('message', (message: FromApiThread) => {
      if (message.type === 'totals-request') {
        const totals = this.options.filterTotals();
        this.send({ type: 'totals', id: message.id, totals });
      } else if (message.type === 'metrics') {
        this.pendingMetrics.get(message.id)?.(message.metrics);
        this.pendingMetrics.delete(message.id);
      }
    });
    worker.on('error', (error) =>
      this.options.logger.error('API thread failed', { error: error.stack ?? error.message }),
    );
    worker.on('exit', (code) => {
      for (const answer of this.pendingMetrics.values()) answer([]);
      this.pendingMetrics.clear();
      if (this.stopping || this.current !== running) return;
      running.stopServing();
      this.current = undefined;
      this.options.logger.error('API thread ended; starting it again', {
        exitCode: code,
        restartInMs: this.restartDelayMs,
      });
      this.scheduleRestart();
    });
  }

  private scheduleRestart(): void {
    this.restartTimer = setTimeout(() => {
      spawn(this.options).then(
        (running) => {
          if (this.stopping) {
            void running.worker.terminate().then(() => running.stopServing());
            return;
          }
          this.current = running;
          this.restartDelayMs = RESTART_FIRST_MS;
          this.watch(running);
          this.options.logger.info('API thread started again', { httpPort: running.httpPort });
        },
        (error: unknown) => {
          if (this.stopping) return;
          this.restartDelayMs = Math.min(this.restartDelayMs * 2, RESTART_MAX_MS);
          this.options.logger.error('API thread did not start; trying again', {
            error: error instanceof Error ? error.message : String(error),
            restartInMs: this.restartDelayMs,
          });
          this.scheduleRestart();
        },
      );
    }, this.restartDelayMs);
  }

  private send(message: ToApiThread): boolean {
    if (!this.current) return false;
    try {
      this.current.worker.postMessage(message);
      return true;
    } catch {
      return false;
    }
  }
}

/** Starts one run of the thread; resolves once it listens, rejects with its reason if it cannot. */
async function spawn(options: ApiThreadOptions): Promise<Running> {
  const sqlite = options.config.eventStore.kind === 'sqlite';
  const channel = sqlite ? new MessageChannel() : undefined;
  const unserve = channel ? serveWrites(options.store, channel.port1) : () => undefined;
  const stopServing = () => {
    unserve();
    channel?.port1.close();
  };
  const data: ApiThreadData = {
    config: apiThreadConfig(options.config),
    ...(channel && { writes: channel.port2 }),
    brokerHttpPort: options.brokerHttpPort,
    websocketPath: options.websocketPath,
    relaySecret: options.relaySecret,
  };
  const worker = new Worker(
    compiledWorkerFile(import.meta.url, 'api-thread.entry.js', 'HUB_API_THREAD=main'),
    { workerData: data, transferList: channel ? [channel.port2] : [] },
  );
  try {
    const httpPort = await new Promise<number>((ready, failed) => {
      worker.on('message', (message: FromApiThread) => {
        if (message.type === 'ready') ready(message.httpPort);
        if (message.type === 'failed') failed(new Error(`API thread: ${message.message}`));
      });
      worker.once('error', failed);
      worker.once('exit', (code) => failed(new Error(`API thread ended at start (${code})`)));
    });
    return { worker, httpPort, stopServing };
  } catch (error) {
    stopServing();
    await worker.terminate();
    throw error;
  }
}
