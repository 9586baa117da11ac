import type { Database } from 'better-sqlite3';
import type { EventStore, RecordedEvent } from '@hub/event-store';

export interface Projection {
  readonly name: string;
  readonly version: number;
  setup(db: Database): void;
  apply(db: Database, event: RecordedEvent): void;
  reset(db: Database): void;
}

/**
 * Follows the log and applies events to read models. The checkpoint is written in the same
 * transaction as the read-model rows, so a crash never applies an event twice or skips one.
 */
export class ProjectionRunner {
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;
  private position = 0;
  private readonly waiters = new Set<{ position: number; resolve: () => void }>();

  constructor(
    private readonly options: {
      store: EventStore;
      db: Database;
      projections: readonly Projection[];
    },
  ) {
    const { db, projections } = options;
    db.exec(
      'CREATE TABLE IF NOT EXISTS projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL)',
    );
    for (const p of projections) p.setup(db);
  }

  start(): void {
    const { db, projections, store } = this.options;
    const checkpoints = projections.map((p) => {
      const row = db
        .prepare('SELECT version, position FROM projection_checkpoints WHERE name = ?')
        .get(p.name) as { version: number; position: number } | undefined;
      if (row && row.version !== p.version) {
        db.transaction(() => {
          p.reset(db);
          db.prepare('DELETE FROM projection_checkpoints WHERE name = ?').run(p.name);
        })();
        return 0;
      }
      return row?.position ?? 0;
    });
    this.position = Math.min(...checkpoints);
    const save = db.prepare(
      'INSERT INTO projection_checkpoints (name, version, position) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET version = excluded.version, position = excluded.position',
    );
    const applyOne = db.transaction((event: RecordedEvent) => {
      projections.forEach((p, i) => {
        if (event.position <= checkpoints[i]!) return;
        p.apply(db, event);
        save.run(p.name, p.version, event.position);
        checkpoints[i] = event.position;
      });
    });
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.running = (async () => {
      for await (const event of store.subscribeToAll({ after: this.position, signal })) {
        applyOne(event);
        this.position = event.position;
        for (const w of this.waiters) if (w.position <= this.position) w.resolve();
      }
    })().catch(() => undefined);
  }

  /** Resolves once the read models reflect `position`, or after `timeoutMs` at the latest. */
  waitForPosition(position: number, timeoutMs: number): Promise<void> {
    if (position <= this.position) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.resolve, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.running;
    for (const w of this.waiters) w.resolve();
  }
}
