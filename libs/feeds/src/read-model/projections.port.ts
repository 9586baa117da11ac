/**
 * The feeds' projections as the rest of the hub sees them, wherever they run (a worker thread or
 * the main thread): started and stopped with the hub, and awaited by history queries.
 */
export abstract class Projections {
  /**
   * Starts following the log; resolves once the read models have applied `head` (the log's head
   * at boot), so the hub reports ready with read models as fresh as the log it opened.
   */
  abstract start(head: number): Promise<void>;
  abstract stop(): Promise<void>;
  /** Resolves `true` once every read model has applied `position`, `false` after `timeoutMs`. */
  abstract waitForPosition(position: number, timeoutMs: number): Promise<boolean>;
  /** The position every read model has applied (its lowest checkpoint; -1 before the first). */
  abstract readonly checkpoint: number;
  /** The thread that applies events (`worker_threads.threadId`; 0 is the main thread). */
  abstract readonly threadId: number | undefined;
}
