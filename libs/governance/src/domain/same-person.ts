import type { Actor } from './rule-events.js';

// One comparison of persons for the whole hub: four eyes here, sharing requests in access.
export { holderKey, samePerson, type Person } from '@hub/access';

/**
 * The name shown for an actor wherever people read it (console, report, hubctl): the person
 * (holder) when the token names one, else "admin", else the token's subject (holderless tokens).
 */
export const nameOf = (a: Pick<Actor, 'holder' | 'role' | 'subject'>): string =>
  a.holder ?? (a.role === 'admin' ? 'admin' : a.subject);
