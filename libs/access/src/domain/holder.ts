import type { Role } from '../principal.js';
import { InvalidInputError } from './access-errors.js';

/** Longest holder accepted: an e-mail address or staff id fits with room to spare. */
export const MAX_HOLDER = 200;

/**
 * Roles whose tokens must name the person they are issued to: four-eyes approval of rule
 * changes compares holders, so an officer token without one could not be told apart from
 * another token of the same person.
 */
const HOLDER_REQUIRED: ReadonlySet<Role> = new Set<Role>(['privacy-officer']);

// Control characters (C0, DEL, C1) would make the same name look different in logs and lists.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The holder as stored: NFC, trimmed, inner whitespace collapsed to one space. Undefined when
 * none was given and the role does not need one.
 */
export function parseHolder(role: Role, value: unknown): string | undefined {
  const given = typeof value === 'string' ? value.normalize('NFC').trim() : '';
  if (given.length === 0) {
    if (HOLDER_REQUIRED.has(role)) {
      throw new InvalidInputError(
        `a ${role} token needs a holder, the person it is issued to, e.g. an e-mail address or staff id (--holder <person>): four-eyes approval of rule changes compares holders`,
      );
    }
    if (value === undefined || value === null) return undefined;
    throw new InvalidInputError('holder, when given, must not be blank');
  }
  if (CONTROL.test(given)) {
    throw new InvalidInputError('holder must not contain control characters');
  }
  const holder = given.replace(/\s+/g, ' ');
  if (holder.length > MAX_HOLDER) {
    throw new InvalidInputError(`holder must be at most ${MAX_HOLDER} characters`);
  }
  return holder;
}
