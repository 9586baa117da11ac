/**
 * Why a device message was refused. Codes are stable and documented in docs/sensors.md;
 * a device can switch on them.
 */
export type RejectionCode =
  // the message itself
  | 'INVALID_JSON'
  | 'UNKNOWN_KIND'
  | 'SCHEMA_VIOLATION'
  | 'OUT_OF_RANGE'
  | 'PAYLOAD_TOO_LARGE'
  | 'PAYLOAD_TOO_COMPLEX'
  | 'STALE_TIMESTAMP'
  | 'FUTURE_TIMESTAMP'
  | 'DUPLICATE_CONFLICT'
  // the privacy filter
  | 'RAW_MEDIA_FORBIDDEN'
  | 'IDENTIFIER_IN_CLEAR'
  | 'RULE_MISSING'
  | 'SAMPLE_RATE_NOT_ALLOWED'
  | 'CALIBRATION_MISSING'
  | 'LOCATION_MISSING'
  | 'FILTER_REFUSED'
  // the hub's audio worker: too many of this device's sound chunks (or of all) wait to be weighed
  | 'AUDIO_BACKLOG_FULL'
  // the broker's ACL: a PUBLISH outside the device's own prefix (the connection is closed)
  | 'TOPIC_NOT_ALLOWED'
  // the hub itself: an unexpected error while admitting the message (logged as an error)
  | 'INTERNAL_ERROR';

/** The JSON a device receives on `.../{kind}/rejected`. Never echoes the payload. */
export interface Rejection {
  readonly code: RejectionCode;
  readonly message: string;
  /** The offending field (dotted path), when one is to blame. */
  readonly field?: string;
  /** The message's `seq`, when it could be read. */
  readonly seq?: number;
}
