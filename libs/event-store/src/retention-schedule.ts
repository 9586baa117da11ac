import type { EventStore } from './port/event-store.port.js';
import { silentLogger, type EventStoreLogger } from './port/logger.js';
import type { RetentionReport } from './sqlite/sqlite-retention.js';

interface RunsRetention {
  runRetention(): Promise<RetentionReport>;
}

const runsRetention = (store: EventStore): store is EventStore & RunsRetention =>
  typeof (store as Partial<RunsRetention>).runRetention === 'function';

/**
 * Runs the embedded store's retention job every `intervalMs`. For EventStoreDB it does nothing:
 * there `$maxAge`/`$maxCount` hide events at once and the cluster's scheduled scavenge deletes
 * them. Returns a function that stops the schedule.
 */
export function scheduleRetention(
  store: EventStore,
  options: { intervalMs: number; logger?: EventStoreLogger },
): () => void {
  if (!runsRetention(store)) return () => undefined;
  const logger = options.logger ?? silentLogger;
  const timer = setInterval(() => {
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
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
