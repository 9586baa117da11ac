import type { Database } from 'better-sqlite3';
import type { RecordedEvent } from '../port/event.js';
import type { EventStore } from '../port/event-store.port.js';
import { silentLogger, type HubLogger } from '@hub/contracts';
import { CheckpointTable } from './checkpoint-table.js';
import type { Projection, ProjectionProgress } from './projection.js';
import { ProjectionConflictError, ProjectionRunnerBusyError } from './projection-errors.js';
import { LogFollower } from '../follow/log-follower.js';
import type { LogConsumer, LogSubscription } from '../follow/log-consumer.js';
import { PositionWaiters } from '../follow/position-waiters.js';

export interface ProjectionRunnerOptions {
  readonly store: EventStore;
  /** The read-model database; checkpoints are stored in it too. */
  readonly db: Database;
  readonly projections: readonly Projection[];
  /** Events applied per transaction (default 1000). */
  readonly batchSize?: number;
  /** Pause before following again after a store or apply error (default 1000 ms). */
  readonly retryDelayMs?: number;
  readonly logger?: HubLogger;
}

export interface CatchUpOptions {
  readonly onProgress?: (progress: ProjectionProgress) => void;
  readonly signal?: AbortSignal;
}

/**
 * Feeds read models from `$all`. Each batch of events is applied and the checkpoints moved in
 * ONE SQLite transaction of the read-model database: after a crash the read model and its
 * checkpoint agree, so no event is applied twice and none is skipped.
 *
 * Live, the runner is a consumer of a `LogFollower` (the one loop that follows the log): the
 * hub's own follower when it runs on the main thread, else one of its own (the projection worker
 * thread has no other). It takes every event type, so its checkpoints reach the head.
 */
export class ProjectionRunner implements LogConsumer {
  readonly name = 'projections';
  private readonly store: EventStore;
  private readonly db: Database;
  private readonly projections: readonly Projection[];
  private readonly accepts: ReadonlyMap<string, ReadonlySet<string> | undefined>;
  private readonly batchSize: number;
  private readonly retryDelayMs: number;
  private readonly logger: HubLogger;
  private checkpoints: CheckpointTable | undefined;
  /** Committed checkpoint per projection (mirrors the table). */
  private readonly positions = new Map<string, number>();
  private readonly waiters = new PositionWaiters();
  private subscription: LogSubscription | undefined;
  /** The follower this runner started itself (none when it joined the hub's). */
  private ownFollower: LogFollower | undefined;

  constructor(options: ProjectionRunnerOptions) {
    this.store = options.store;
    this.db = options.db;
    this.projections = options.projections;
    this.batchSize = options.batchSize ?? 1000;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.logger = options.logger ?? silentLogger;
    this.accepts = new Map(
      options.projections.map((p) => [p.name, p.eventTypes ? new Set(p.eventTypes) : undefined]),
    );
  }

  /**
   * Follows the log in the background until `stop()`: through `follower` when given (it need not
   * be started yet), else through a follower of its own.
   */
  start(follower?: LogFollower): void {
    if (this.subscription) return;
    try {
      this.init();
    } catch (error) {
      this.logger.error('projection setup failed; read models are not updated', {
        error: String(error),
      });
      return;
    }
    if (!follower) {
      follower = this.ownFollower = new LogFollower({
        store: this.store,
        logger: this.logger,
        retryDelayMs: this.retryDelayMs,
        maxBatch: this.batchSize,
      });
      follower.start();
    }
    this.subscription = follower.register(this);
  }

  async stop(): Promise<void> {
    this.subscription?.close();
    this.subscription = undefined;
    await this.ownFollower?.stop();
    this.ownFollower = undefined;
  }

  /** Where the follower resumes: the lowest committed checkpoint. */
  get after(): number {
    return this.lowestCheckpoint();
  }

  /**
   * A batch from the follower, applied in one transaction. Another writer of the same read
   * models (a rebuild from another process) stops this runner for good, as it must not merge
   * into theirs; any other failure is retried by the follower from the last checkpoint.
   */
  handle(events: readonly RecordedEvent[]): void {
    try {
      this.applyBatch(events);
    } catch (error) {
      if (!(error instanceof ProjectionConflictError)) throw error;
      this.logger.error(error.message, { projection: error.projection });
      this.subscription?.close();
    }
  }

  /** Applies everything up to the head of the log as it is now, then returns (no live loop). */
  async catchUp(options: CatchUpOptions = {}): Promise<ProjectionProgress> {
    if (this.subscription) throw new ProjectionRunnerBusyError();
    this.init();
    const head = await this.store.headPosition();
    const started = Date.now();
    let processed = 0;
    const progress = (): ProjectionProgress => {
      const elapsedMs = Date.now() - started;
      return {
        processed,
        position: this.lowestCheckpoint(),
        headPosition: head,
        elapsedMs,
        eventsPerSec: elapsedMs > 0 ? Math.round((processed * 1000) / elapsedMs) : 0,
      };
    };
    while (!options.signal?.aborted && this.lowestCheckpoint() < head) {
      const page = await this.store.readAll({
        after: this.lowestCheckpoint(),
        maxCount: this.batchSize,
      });
      if (page.length === 0) break;
      this.applyBatch(page);
      processed += page.length;
      options.onProgress?.(progress());
    }
    return progress();
  }

  /** Empties every read model and replays the whole log into it (the runner must be stopped). */
  async rebuild(options: CatchUpOptions = {}): Promise<ProjectionProgress> {
    if (this.subscription) throw new ProjectionRunnerBusyError();
    const table = this.init();
    this.db.transaction(() => {
      for (const p of this.projections) {
        p.setup(this.db);
        p.reset(this.db);
        table.save(p.name, p.version, 0);
      }
    })();
    for (const p of this.projections) this.positions.set(p.name, 0);
    return this.catchUp(options);
  }

  /** Resolves `true` once every projection has applied `position`, `false` after `timeoutMs`. */
  waitForPosition(position: number, timeoutMs: number): Promise<boolean> {
    if (this.positions.size > 0 && this.lowestCheckpoint() >= position)
      return Promise.resolve(true);
    return this.waiters.wait(position, timeoutMs);
  }

  /** Committed checkpoint of one projection (0 before its first event). */
  checkpoint(name: string): number | undefined {
    this.init();
    return this.positions.get(name);
  }

  /** Creates missing read models; rebuilds (from zero) those whose version changed. */
  private init(): CheckpointTable {
    if (this.checkpoints) return this.checkpoints;
    const table = new CheckpointTable(this.db);
    this.db.transaction(() => {
      for (const p of this.projections) {
        const row = table.get(p.name);
        p.setup(this.db);
        if (!row || row.version !== p.version) {
          if (row) {
            this.logger.info(
              'projection version changed: rebuilding it from the start of the log',
              {
                projection: p.name,
                from: row.version,
                to: p.version,
              },
            );
            p.reset(this.db);
            p.setup(this.db);
          }
          table.save(p.name, p.version, 0);
          this.positions.set(p.name, 0);
        } else {
          this.positions.set(p.name, row.position);
        }
      }
    })();
    this.checkpoints = table;
    return table;
  }

  private applyBatch(events: readonly RecordedEvent[]): void {
    const table = this.init();
    const last = events[events.length - 1].position;
    this.db.transaction(() => {
      for (const p of this.projections) {
        const stored = table.get(p.name)?.position ?? 0;
        const expected = this.positions.get(p.name) ?? 0;
        if (stored !== expected) throw new ProjectionConflictError(p.name, expected, stored);
      }
      for (const event of events) {
        for (const p of this.projections) {
          if (event.position <= (this.positions.get(p.name) ?? 0)) continue;
          const types = this.accepts.get(p.name);
          if (types && !types.has(event.type)) continue;
          p.apply(this.db, event);
        }
      }
      for (const p of this.projections) {
        if (last > (this.positions.get(p.name) ?? 0)) table.save(p.name, p.version, last);
      }
    })();
    for (const p of this.projections) {
      if (last > (this.positions.get(p.name) ?? 0)) this.positions.set(p.name, last);
    }
    this.notifyWaiters();
  }

  private lowestCheckpoint(): number {
    let lowest = Number.POSITIVE_INFINITY;
    for (const position of this.positions.values()) lowest = Math.min(lowest, position);
    return Number.isFinite(lowest) ? lowest : 0;
  }

  private notifyWaiters(): void {
    this.waiters.reached(this.lowestCheckpoint());
  }
}
