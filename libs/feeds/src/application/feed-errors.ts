import { HubError } from '@hub/contracts';

/** The caller asked for more than one page may hold. */
export class PageSizeError extends HubError {
  readonly code = 'BAD_USER_INPUT';
  override readonly reason = 'PAGE_SIZE_EXCEEDED';
  constructor(
    readonly requested: number,
    readonly max: number,
  ) {
    super(`first/last must be between 1 and ${max}; got ${requested}`);
  }
}

/** Both directions at once, or a cursor of the wrong direction. */
export class PaginationError extends HubError {
  readonly code = 'BAD_USER_INPUT';
  override readonly reason = 'INVALID_PAGINATION';
  constructor(message: string) {
    super(message);
  }
}

/** A live subscriber fell further behind than its buffer allows; resubscribe with the last cursor. */
export class SubscriberTooSlowError extends HubError {
  readonly code = 'SUBSCRIBER_TOO_SLOW';
  constructor(readonly maxBacklog: number) {
    super(
      `this subscriber fell more than ${maxBacklog} events behind the live feed and was closed; resubscribe with the cursor of the last reading you received to catch up`,
    );
  }
}

/** A numeric argument outside its bounds (e.g. a device's `refusals(sinceHours:)`). */
export class OutOfRangeError extends HubError {
  readonly code = 'BAD_USER_INPUT';
  override readonly reason = 'OUT_OF_RANGE';
  constructor(
    override readonly field: string,
    readonly min: number,
    readonly max: number,
  ) {
    super(`${field} must be between ${min} and ${max}`);
  }

  override details(): Readonly<Record<string, unknown>> {
    return { min: this.min, max: this.max };
  }
}

/**
 * Every place of the query worker is taken (HUB_QUERIES_MAX_PENDING reads wait for it), or every
 * place one token may hold (an eighth of them): refused at once rather than queued without end;
 * the client tries again after `retryAfterSec`.
 */
export class QueriesBusyError extends HubError {
  readonly code = 'SERVER_BUSY';
  override readonly reason: 'QUERIES_BUSY' | 'TOKEN_QUERIES_BUSY';
  readonly retryAfterSec = 1;
  constructor(
    readonly maxPending: number,
    ofToken: boolean,
  ) {
    super(
      ofToken
        ? `this token already has ${maxPending} history and aggregate reads waiting; send fewer at once, or try again in a second`
        : `the hub is answering ${maxPending} other history and aggregate reads; try again in a second`,
    );
    this.reason = ofToken ? 'TOKEN_QUERIES_BUSY' : 'QUERIES_BUSY';
  }

  override details(): Readonly<Record<string, unknown>> {
    return { retryAfterSec: this.retryAfterSec };
  }
}
