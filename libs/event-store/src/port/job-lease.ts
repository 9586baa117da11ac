/**
 * Who runs a job that must run once per log, not once per hub node (rule activation, retention).
 * Ask before every run: the answer may change when the holder dies or its connection drops.
 */
export interface JobLease {
  /** True when this node may run the job now. */
  held(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * For logs that only one hub writes at a time (SQLite: one process per data dir) and where the
 * log offers no lock (EventStoreDB: run the `timers` role on one node, see HUB_ROLES).
 */
export const ALWAYS_HELD: JobLease = {
  held: () => Promise.resolve(true),
  close: () => Promise.resolve(),
};
