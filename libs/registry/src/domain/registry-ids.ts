import { InvalidIdError } from './registry-errors.js';

/**
 * Municipality, lab and lamppost ids follow the topic grammar of `labs/{lab}/lampposts/{id}/...`
 * (libs/ingest/src/domain/topic.ts): lowercase letters, digits, `-` and `_`, 1 to 64 characters.
 */
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export type IdKind = 'municipality' | 'lab' | 'lamppost';

export function assertId(kind: IdKind, value: string): void {
  if (!ID.test(value)) throw new InvalidIdError(kind, value);
}

/** `.` is not allowed in ids, so `{lab}.{lamppost}` names one device unambiguously. */
export const deviceKey = (lab: string, lamppost: string): string => `${lab}.${lamppost}`;

/** A device's MQTT username: stable across rotations (a client certificate's CN can match it). */
export const deviceUsername = deviceKey;

export const topicPrefixOf = (lab: string, lamppost: string): string =>
  `labs/${lab}/lampposts/${lamppost}/`;

export const municipalityStream = (municipality: string): string => `municipality-${municipality}`;
export const labStream = (lab: string): string => `lab-${lab}`;
export const deviceStream = (lab: string, lamppost: string): string =>
  `device-${deviceKey(lab, lamppost)}`;
