import type { EventStore } from './port/event-store.port.js';
import { ALWAYS_HELD, type JobLease } from './port/job-lease.js';
import { silentLogger, type HubLogger } from '@hub/contracts';
import type { RetentionReport } from './sqlite/sqlite-retention.js';

interface RunsRetention {
  runRetention(): Promise<RetentionReport>;
}

const runsRetention = (store: EventStore): store is EventStore & RunsRetention =>
  typeof (store as Partial<RunsRetention>).runRetention === 'function';

/**
 * Runs the store's retention job every `intervalMs` (when `lease` is held: once per shared log). For EventStoreDB it does nothing:
 * there `$maxAge`/`$maxCount` hide events at once and the cluster's scheduled scavenge deletes
 * them. Returns a function that stops the schedule.
 */
export function scheduleRetention(
  store: EventStore,
  options: { intervalMs: number; logger?: HubLogger; lease?: JobLease },
): () => void {
  if (!runsRetention(store)) return () => undefined;
  const logger = options.logger ?? silentLogger;
  const lease = options.lease ?? ALWAYS_HELD;
  const timer = setInterval(() => {
    // On a shared log one node runs it: the one holding the lease.
    void lease.held().then((held) => (held ? run() : undefined));
  }, options.intervalMs);
  const run = (): Promise<void> =>
    store.runRetention().then(
      (report) => {
        if (report.removedEvents > 0) {
          logger.info('retention removed expired events', {
            removedEvents: report.removedEvents,
            streams: report.streams.length,
            freedPages: report.freedPages,
          });
        }
      },
      (error: unknown) =>
        logger.error('retention run failed; will retry at the next interval', {
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  timer.unref();
  return () => clearInterval(timer);
}
