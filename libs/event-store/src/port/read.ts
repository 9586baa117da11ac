export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: Direction;
  /** Revision to start from (inclusive). Defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  readonly direction?: Direction;
  /**
   * Exclusive cursor: forwards, events with `position > after`; backwards, events with
   * `position < after`. Omitted: from the start (forwards) or the end (backwards).
   */
  readonly after?: number;
  readonly maxCount?: number;
  /** Only events of these types (applied by the store, positions stay global). */
  readonly eventTypes?: readonly string[];
}

export interface SubscribeToAllOptions {
  /** Exclusive cursor: deliver every event with `position > after`. Omitted: from the start. */
  readonly after?: number;
  readonly eventTypes?: readonly string[];
  /** Ends the subscription (the iterator returns). */
  readonly signal?: AbortSignal;
}
