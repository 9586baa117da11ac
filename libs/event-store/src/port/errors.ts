import { HubError } from '@hub/contracts';
import type { ExpectedRevision } from './append.js';

/**
 * Base of every error the event store raises; `code` is stable and machine-readable. They are the
 * operator's (a client sees INTERNAL_SERVER_ERROR): a context that means one as a refusal (a
 * concurrent change, say) catches it and raises its own.
 */
export abstract class EventStoreError extends HubError {
  override readonly audience = 'operator';
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
  }
}

/** The store could not make the append durable; nothing of it was written. */
export class AppendFailedError extends EventStoreError {
  readonly code = 'APPEND_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The store cannot be opened (corrupt or unreadable file, unreachable server). */
export class StoreUnavailableError extends EventStoreError {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export const isWrongExpectedRevisionError = (e: unknown): e is WrongExpectedRevisionError =>
  e instanceof WrongExpectedRevisionError;

/**
 * A retried append matched only some of its event ids in the stream: it is neither a clean retry
 * (every id already stored) nor a new append (no id stored), so the store refuses to guess.
 */
export class IdempotencyConflictError extends EventStoreError {
  readonly code = 'IDEMPOTENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly foundIds: readonly string[],
  ) {
    super(
      `stream "${streamId}" already holds ${foundIds.length} of the appended event ids (${foundIds.join(', ')}) but not all: not a clean retry`,
    );
  }
}

/** The append was refused before reaching the log (empty batch, blank stream id, duplicate ids). */
export class InvalidAppendError extends EventStoreError {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
  }
}

/** The store was configured with values it cannot use; the hub must not boot with them. */
export class EventStoreConfigError extends EventStoreError {
  readonly code = 'EVENT_STORE_CONFIG';
  constructor(message: string) {
    super(message);
  }
}

/** The store was used after `close()`. */
export class StoreClosedError extends EventStoreError {
  readonly code = 'STORE_CLOSED';
  constructor() {
    super('the event store is closed');
  }
}

/** A verbatim import would not extend the log (a position or a revision not above the current one). */
export class ImportOutOfOrderError extends EventStoreError {
  readonly code = 'IMPORT_OUT_OF_ORDER';
  constructor(message: string) {
    super(message);
  }
}
