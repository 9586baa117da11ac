import type { GeneralisedLocation } from '../generalise/location.js';
import type { RuleStamp, SensorKind, StoredAudience } from '@hub/contracts';

/** The device a message came from; `position` is needed only for grid generalisation. */
export interface DeviceRef {
  lab: string;
  lamppost: string;
  position?: { lat: number; lon: number };
}

export type ReadingValue =
  number | string | boolean | null | ReadingValue[] | { [key: string]: ReadingValue };

/**
 * A fact ready to store: derived values only, the generalised time and place, the rule that
 * produced it and the names of the transforms applied. Audience: 'any' may go to every feed the
 * routing allows; 'owner' only to the owner of the lab (exact counts when noise is configured,
 * or pseudonymous tags); 'shared' is the noisy twin meant for everyone beyond the owner.
 */
export interface FilteredReading {
  lab: string;
  location: GeneralisedLocation;
  kind: SensorKind;
  /** Start of the time bucket or window (ISO 8601, UTC). */
  observedAt: string;
  /** Length of the bucket or window the values cover. */
  intervalSeconds: number;
  audience: StoredAudience;
  values: Record<string, ReadingValue>;
  rule: RuleStamp;
  transforms: string[];
}

export type RejectCode =
  | 'RULE_MISSING'
  | 'PAYLOAD_INVALID'
  | 'FUTURE_TIMESTAMP'
  | 'RAW_MEDIA_FORBIDDEN'
  | 'IDENTIFIER_IN_CLEAR'
  | 'PAYLOAD_TOO_LARGE'
  | 'SAMPLE_RATE_NOT_ALLOWED'
  | 'CALIBRATION_MISSING'
  | 'LOCATION_MISSING'
  /** The thread that weighs audio failed or timed out on this chunk: nothing of it was kept. */
  | 'AUDIO_WORKER_FAILED'
  /** Too many chunks of this device (or too much audio of all devices) wait to be weighed. */
  | 'AUDIO_BACKLOG_FULL';

export type FilterOutcome =
  | {
      kind: 'emit';
      /** Zero or more facts ready to store now (e.g. a window closed by this message). */
      readings: FilteredReading[];
      /** Names (paths) of the input fields dropped: never their values. */
      dropped: string[];
      /** Why a message contributed nothing, when it did not (e.g. 'late-for-window'). */
      note?: 'late-for-window';
    }
  | { kind: 'reject'; code: RejectCode; message: string; field?: string };

export type RejectOutcome = Extract<FilterOutcome, { kind: 'reject' }>;

export function reject(code: RejectCode, message: string, field?: string): RejectOutcome {
  return field === undefined
    ? { kind: 'reject', code, message }
    : { kind: 'reject', code, message, field };
}
