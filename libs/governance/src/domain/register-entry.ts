import { SENSOR_KINDS } from '@hub/contracts';
import { GovernanceInputError } from './governance-errors.js';
import type { Actor } from './rule-events.js';

/**
 * The public transparency register (after Amsterdam's sensor register): per lab and sensor kind,
 * why it measures, on what legal ground, until when, and whom to ask.
 */
export const SENSOR_REGISTER_ENTRY_SET = 'SensorRegisterEntrySet';
export const registerStream = (lab: string): string => `sensor-register-${lab}`;

export interface SensorRegisterEntry {
  readonly lab: string;
  readonly kind: string;
  readonly purpose: string;
  readonly legalGround: string;
  readonly privacyStatementUrl: string;
  /** ISO date (or time) until which the sensors are in use. */
  readonly activeUntil: string;
  readonly contact: string;
}

export interface SensorRegisterEntrySet extends SensorRegisterEntry {
  readonly by: Actor;
  readonly at: string;
}

/** Sensor kinds that take in personal data at the lamppost (images, sound, device identifiers). */
const PERSONAL_AT_EDGE: Record<string, string> = {
  camera: 'images are processed on the lamppost and discarded; only counts are stored',
  sound: 'sound is processed on the lamppost and discarded; only sound levels are stored',
  radio:
    'Wi-Fi/Bluetooth identifiers are replaced by keyed tags under a daily key; only counts are stored',
};

export const personalDataOf = (kind: string): { personalData: boolean; note: string } =>
  kind in PERSONAL_AT_EDGE
    ? { personalData: true, note: PERSONAL_AT_EDGE[kind] }
    : { personalData: false, note: 'measures the environment; no personal data' };

function field(name: string, value: unknown, max: number): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (s.length === 0) throw new GovernanceInputError('MISSING_FIELD', `${name} is required`, name);
  if (s.length > max) {
    throw new GovernanceInputError(
      'FIELD_TOO_LONG',
      `${name} must be at most ${max} characters`,
      name,
    );
  }
  return s;
}

/** Checks an entry as given by a privacy officer; throws with the field and reason. */
export function validateRegisterEntry(input: Record<string, unknown>): SensorRegisterEntry {
  const kind = field('kind', input.kind, 20);
  if (!(SENSOR_KINDS as readonly string[]).includes(kind)) {
    throw new GovernanceInputError(
      'UNKNOWN_KIND',
      `kind must be one of ${SENSOR_KINDS.join(', ')}`,
      'kind',
    );
  }
  const url = field('privacyStatementUrl', input.privacyStatementUrl, 500);
  if (!/^https?:\/\/[^\s]+$/.test(url)) {
    throw new GovernanceInputError(
      'BAD_URL',
      'privacyStatementUrl must be an http(s) address',
      'privacyStatementUrl',
    );
  }
  const activeUntil = field('activeUntil', input.activeUntil, 40);
  if (!Number.isFinite(Date.parse(activeUntil))) {
    throw new GovernanceInputError(
      'BAD_TIME',
      'activeUntil must be an ISO date, e.g. 2027-12-31',
      'activeUntil',
    );
  }
  return {
    lab: field('lab', input.lab, 100),
    kind,
    purpose: field('purpose', input.purpose, 1000),
    legalGround: field('legalGround', input.legalGround, 300),
    privacyStatementUrl: url,
    activeUntil,
    contact: field('contact', input.contact, 200),
  };
}
