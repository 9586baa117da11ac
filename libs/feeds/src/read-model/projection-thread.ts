import { Worker } from 'node:worker_threads';
import type { HubLogger } from '@hub/contracts';
import { PositionWaiters, type EventStoreConfig } from '@hub/event-store';
import { compiledWorkerFile } from '@hub/ops';
import { Projections } from './projections.port.js';
import type {
  ProjectionWorkerData,
  ProjectionWorkerMessage,
  ProjectionWorkerStop,
} from './projection-worker-protocol.js';

export interface ProjectionThreadOptions {
  readonly eventStore: EventStoreConfig;
  readonly readModelsFile: string;
  readonly logger: HubLogger;
  /** Pause before a worker that ended unasked is started again (default 1000 ms). */
  readonly restartDelayMs?: number;
  /** How long `start()` waits for the worker to apply the head at boot (default 30 s). */
  readonly startWaitMs?: number;
  /** How long `stop()` waits for the worker's own shutdown before terminating it (default 10 s). */
  readonly stopTimeoutMs?: number;
}

/**
 * The hub's side of the projection worker (HUB_PROJECTIONS_THREAD=worker): starts it, learns its
 * checkpoint from the message it posts after each batch (so a history query waits without
 * polling), and starts it again from its checkpoint when it ends unasked (an error is logged;
 * the hub never silently stops projecting).
 */
export class ProjectionThread extends Projections {
  private worker: Worker | undefined;
  private applied = -1;
  private stopping = true;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly waiters = new PositionWaiters();
  private readonly restartDelayMs: number;
  private readonly stopTimeoutMs: number;
  private readonly startWaitMs: number;
  /** Times the worker was started again after it ended unasked. */
  restarts = 0;

  constructor(private readonly options: ProjectionThreadOptions) {
    super();
    this.restartDelayMs = options.restartDelayMs ?? 1000;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    this.startWaitMs = options.startWaitMs ?? 30_000;
  }

  get checkpoint(): number {
    return this.applied;
  }

  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  /**
   * Starts the worker; resolves once it has applied `head` (or after `startWaitMs`, with a
   * warning: a long rebuild does not hold the boot), or when it ends before that (it is started
   * again, and its error logged).
   */
  async start(head: number): Promise<void> {
    if (!this.stopping) return;
    this.stopping = false;
    const worker = this.spawn();
    const ended = new Promise<boolean>((resolve) => worker.once('exit', () => resolve(false)));
    const reached = await Promise.race([this.waitForPosition(head, this.startWaitMs), ended]);
    if (!reached && this.worker === worker) {
      this.options.logger.warn('projections are still catching up with the log', {
        applied: this.applied,
        head,
      });
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'stop' } satisfies ProjectionWorkerStop);
      const timer = setTimeout(() => void worker.terminate(), this.stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    }
    this.waiters.endAll();
  }

  waitForPosition(position: number, timeoutMs: number): Promise<boolean> {
    if (this.applied >= position) return Promise.resolve(true);
    return this.waiters.wait(position, timeoutMs);
  }

  /** Ends the worker as a crash would (the recovery test); it is started again as after one. */
  async terminateWorker(): Promise<void> {
    await this.worker?.terminate();
  }

  private spawn(): Worker {
    const data: ProjectionWorkerData = {
      eventStore: this.options.eventStore,
      readModelsFile: this.options.readModelsFile,
    };
    const worker = new Worker(
      compiledWorkerFile(
        import.meta.url,
        'projection-worker.entry.js',
        'HUB_PROJECTIONS_THREAD=main',
      ),
      { workerData: data },
    );
    this.worker = worker;
    worker.on('message', (message: ProjectionWorkerMessage) => this.receive(message));
    worker.on('error', (error) =>
      this.options.logger.error('projection worker failed', { error: error.message }),
    );
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.stopping) return;
      this.options.logger.error('projection worker ended; starting it again from its checkpoint', {
        exitCode: code,
        restartInMs: this.restartDelayMs,
      });
      this.restartTimer = setTimeout(() => {
        if (this.stopping) return;
        this.restarts++;
        this.spawn();
      }, this.restartDelayMs);
    });
    return worker;
  }

  private receive(message: ProjectionWorkerMessage): void {
    if (message.type === 'log') {
      this.options.logger[message.level](message.message, message.context);
      return;
    }
    this.applied = Math.max(this.applied, message.position);
    this.waiters.reached(this.applied);
  }
}
