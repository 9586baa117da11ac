/**
 * What the writer believes about the stream before appending:
 * - `any`: no check;
 * - `no_stream`: the stream must not exist yet;
 * - `stream_exists`: the stream must have at least one event;
 * - a number: the revision of the stream's last event must be exactly this.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append (pass it as `expectedRevision` next time). */
  readonly nextExpectedRevision: number;
  /** Global position of the last event appended (or found, for an idempotent retry). */
  readonly position: number;
  /**
   * True when every event id was in the stream already (an idempotent retry): nothing was
   * written. Set only by adapters whose `marksRetries` is true; absent otherwise.
   */
  readonly alreadyStored?: true;
}
