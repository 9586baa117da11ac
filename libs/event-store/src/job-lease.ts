import type { EventStore } from './port/event-store.port.js';
import { ALWAYS_HELD, type JobLease } from './port/job-lease.js';

interface LeasesJobs {
  jobLease(job: string): JobLease;
}

const leasesJobs = (store: EventStore): store is EventStore & LeasesJobs =>
  typeof (store as Partial<LeasesJobs>).jobLease === 'function';

/**
 * The lease on run-once `job` for this store: shared by every node on a PostgreSQL log, always
 * held on SQLite (one hub per log) and on EventStoreDB (which has no lock to offer).
 */
export function jobLeaseFor(store: EventStore, job: string): JobLease {
  return leasesJobs(store) ? store.jobLease(job) : ALWAYS_HELD;
}
