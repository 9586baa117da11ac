/** An event as the caller hands it to the store. `id` is a UUID chosen by the caller: it makes retries idempotent. */
export interface NewEvent<T = unknown> {
  readonly id: string;
  readonly type: string;
  readonly data: T;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** An event as the store recorded it. */
export interface RecordedEvent<T = unknown> {
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  /** 0-based position of the event inside its stream. */
  readonly revision: number;
  /** Position in the global log (`$all`): strictly increasing, the resume cursor of every reader. */
  readonly position: number;
  readonly data: T;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** ISO-8601 time the store recorded the event. */
  readonly recordedAt: string;
}
