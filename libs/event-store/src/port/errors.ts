import type { ExpectedRevision } from './append.js';

/** Base of every error the event store raises; `code` is stable and machine-readable. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/** The stream was not at the revision the writer expected (optimistic concurrency). */
export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or `-1` when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`stream "${streamId}" expected revision ${String(expected)} but is at ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** The store could not make the append durable; nothing of it was written. */
export class AppendFailedError extends EventStoreError {
  readonly code = 'APPEND_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppendFailedError';
  }
}

/** The store cannot be opened (corrupt or unreadable file, unreachable server). */
export class StoreUnavailableError extends EventStoreError {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export const isWrongExpectedRevisionError = (e: unknown): e is WrongExpectedRevisionError =>
  e instanceof WrongExpectedRevisionError;
