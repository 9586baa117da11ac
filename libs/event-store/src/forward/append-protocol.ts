import type { AppendOptions, AppendResult } from '../port/append.js';
import type { NewEvent } from '../port/event.js';
import type { StreamMetadata } from '../port/stream-metadata.js';
import {
  AppendFailedError,
  type EventStoreError,
  IdempotencyConflictError,
  InvalidAppendError,
  StoreClosedError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../port/errors.js';

/**
 * What a thread that only reads the log sends to the thread that writes it (decision 0022): the
 * log's writes, one request each, answered once. Everything in them survives structured clone.
 */
export type WriteRequest =
  | {
      readonly id: number;
      readonly op: 'append';
      readonly streamId: string;
      readonly events: readonly NewEvent[];
      readonly options?: AppendOptions;
    }
  | {
      readonly id: number;
      readonly op: 'metadata';
      readonly streamId: string;
      readonly metadata: StreamMetadata;
    }
  | { readonly id: number; readonly op: 'writable' };

export type WriteReply =
  | { readonly id: number; readonly ok: true; readonly result?: AppendResult }
  | { readonly id: number; readonly ok: false; readonly error: WireError };

/** An error as it crosses the threads: its code and the fields its class is rebuilt from. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly streamId?: string;
  readonly expected?: WrongExpectedRevisionError['expected'];
  readonly actual?: number;
  readonly foundIds?: readonly string[];
}

export function toWire(error: unknown): WireError {
  if (error instanceof WrongExpectedRevisionError) {
    const { code, message, streamId, expected, actual } = error;
    return { code, message, streamId, expected, actual };
  }
  if (error instanceof IdempotencyConflictError) {
    const { code, message, streamId, foundIds } = error;
    return { code, message, streamId, foundIds: [...foundIds] };
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  return {
    code: typeof code === 'string' ? code : 'APPEND_FAILED',
    message: error instanceof Error ? error.message : String(error),
  };
}

/**
 * The same class on the reading thread as on the writing one, so that callers that tell a
 * concurrent change (`instanceof WrongExpectedRevisionError`) or a conflicting retry from a
 * failure keep doing so. A code this side does not know becomes `APPEND_FAILED`.
 */
export function fromWire(wire: WireError): EventStoreError {
  switch (wire.code) {
    case 'WRONG_EXPECTED_REVISION':
      return new WrongExpectedRevisionError(
        wire.streamId ?? '',
        wire.expected ?? 'any',
        wire.actual ?? -1,
      );
    case 'IDEMPOTENCY_CONFLICT':
      return new IdempotencyConflictError(wire.streamId ?? '', wire.foundIds ?? []);
    case 'INVALID_APPEND':
      return new InvalidAppendError(wire.message);
    case 'STORE_CLOSED':
      return new StoreClosedError();
    case 'STORE_UNAVAILABLE':
      return new StoreUnavailableError(wire.message);
    default:
      return new AppendFailedError(`${wire.message} (${wire.code}, on the log's writing thread)`);
  }
}
