/** Retention settings of a stream. Expired events are hidden from reads and physically removed later. */
export interface StreamMetadata {
  /** Maximum age of an event, in seconds. */
  readonly maxAge?: number;
  /** Maximum number of events kept (the newest ones). */
  readonly maxCount?: number;
}
