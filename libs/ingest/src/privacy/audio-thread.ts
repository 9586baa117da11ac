import { Worker } from 'node:worker_threads';
import type { HubLogger } from '@hub/contracts';
import { compiledWorkerFile } from '@hub/ops';
import type { ChunkFolder, ChunkFoldReply, ChunkFoldRequest } from '@hub/privacy';
import type { AudioWorkerReply, AudioWorkerRequest } from './audio-worker-protocol.js';

export interface AudioThreadOptions {
  readonly logger: HubLogger;
  /**
   * How long a chunk may wait for its answer (queue included) before the worker is taken for
   * stuck: it is ended and started again, and every chunk in flight is refused. Default 10 s:
   * one 1 s chunk takes well under a millisecond (`audioRealtimeFactor` in bench:privacy), so
   * only a worker that stopped answering waits so long.
   */
  readonly timeoutMs?: number;
  /** The worker script (tests give a broken one); default the compiled audio-worker.entry.js. */
  readonly workerFile?: string;
}

interface Pending {
  readonly resolve: (reply: ChunkFoldReply) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * The hub's side of the audio worker (HUB_AUDIO_THREAD=worker): sends each sound chunk with its
 * meter's state to one worker thread and hands back the folded state, so the A-weighting runs on
 * the second core while the broker's thread serves other devices. A worker that ends unasked
 * (a crash) or stops answering is started again at once; the chunks it held are refused (their
 * promises reject), never taken as weighed.
 */
export class AudioThread implements ChunkFolder {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopping = true;
  private readonly timeoutMs: number;
  private spawnedAt = 0;
  /** Workers in a row that ended within a second of their start. */
  private quickDeaths = 0;
  private respawnTimer: NodeJS.Timeout | undefined;
  /** Times the worker was started again after it crashed or got stuck. */
  restarts = 0;

  constructor(private readonly options: AudioThreadOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  /** Starts the worker; throws at once when its script is missing (the boot stops with it). */
  start(): void {
    if (!this.stopping) return;
    this.stopping = false;
    this.spawn();
  }

  fold(request: ChunkFoldRequest): Promise<ChunkFoldReply> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the audio worker is not running'));
    const id = this.nextId++;
    return new Promise<ChunkFoldReply>((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(worker, `the audio worker did not answer within ${this.timeoutMs} ms`),
        this.timeoutMs,
      );
      this.pending.set(id, { resolve, reject, timer });
      worker.ref(); // an idle worker does not hold the process; one with work does
      worker.postMessage({ id, request } satisfies AudioWorkerRequest, [request.state.buffer]);
    });
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
    const worker = new Worker(
      this.options.workerFile ??
        compiledWorkerFile(import.meta.url, 'audio-worker.entry.js', 'HUB_AUDIO_THREAD=main'),
    );
    this.worker = worker;
    this.spawnedAt = Date.now();
    worker.unref();
    worker.on('message', (answer: AudioWorkerReply) => this.receive(worker, answer));
    worker.on('error', (error) => this.fail(worker, `the audio worker failed: ${error.message}`));
    worker.on('exit', (code) => this.fail(worker, `the audio worker ended (exit code ${code})`));
  }

  private receive(worker: Worker, answer: AudioWorkerReply): void {
    const pending = this.pending.get(answer.id);
    if (!pending || worker !== this.worker) return;
    this.pending.delete(answer.id);
    clearTimeout(pending.timer);
    if (this.pending.size === 0) worker.unref();
    if ('error' in answer) pending.reject(new Error(answer.error));
    else pending.resolve(answer.reply);
  }

  /** The worker crashed, ended or hangs: refuse what it holds, end it, start a new one. */
  private fail(worker: Worker, reason: string): void {
    if (worker !== this.worker) return; // already replaced (or stopped)
    this.worker = undefined;
    const inFlight = this.pending.size;
    this.rejectAll(reason);
    void worker.terminate();
    if (this.stopping) return;
    this.options.logger.error('audio worker lost; starting it again', {
      reason,
      chunksRefused: inFlight,
    });
    this.restarts++;
    // Started again at once; but a worker that keeps dying as it starts (a broken build) is
    // started at most once a second, its chunks refused meanwhile.
    this.quickDeaths = Date.now() - this.spawnedAt < 1000 ? this.quickDeaths + 1 : 0;
    if (this.quickDeaths < 2) this.spawn();
    else this.respawnTimer = setTimeout(() => this.stopping || this.spawn(), 1000);
  }

  private rejectAll(reason: string): void {
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new Error(reason));
    }
    this.pending.clear();
  }
}
