import type { RandomSource } from '../counts/random-source.js';
import type { GeneralisedLocation } from '../generalise/location.js';
import type { Keyring } from '../pseudonym/keyring.js';
import type { RuleStamp } from '@hub/contracts';
import type { Envelope } from './envelope.js';
import type { DeviceRef, FilteredReading, RejectOutcome } from './filter-types.js';
import type { WindowSpec, WindowStore } from './window-store.js';

/** Everything a kind handler needs for one message; built by the filter. */
export interface KindContext {
  device: DeviceRef;
  env: Envelope;
  provenance: RuleStamp;
  ruleKey: string;
  location: GeneralisedLocation;
  locationKey: string;
  keyring: Keyring;
  random: RandomSource;
  nowMs: number;
  windows: WindowStore;
  /** A window spec for this message's stream, with the given stream key and length. */
  spec: (streamKey: string, seconds: number, dailyBudget?: number) => WindowSpec;
}

export type HandlerResult =
  | {
      readings: FilteredReading[];
      /** Payload fields stored verbatim (everything else is reported as dropped). */
      kept?: string[];
      note?: 'late-for-window';
    }
  | RejectOutcome;
