/**
 * The feeds' projections as the rest of the hub sees them, wherever they run (a worker thread or
 * the main thread): started and stopped with the hub, and awaited by history queries.
 */
export abstract class Projections {
  /** Resolves once the projections follow the log (the worker posted its first checkpoint). */
  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  /** Resolves `true` once every read model has applied `position`, `false` after `timeoutMs`. */
  abstract waitForPosition(position: number, timeoutMs: number): Promise<boolean>;
  /** The thread that applies events (`worker_threads.threadId`; 0 is the main thread). */
  abstract readonly threadId: number | undefined;
}
