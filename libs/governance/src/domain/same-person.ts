import type { Actor } from './rule-events.js';

/** What identifies the person behind an actor: the token, and the holder it was issued to. */
export type Person = Pick<Actor, 'tokenId' | 'holder'>;

/**
 * A holder compared as a person, not as typed: compatibility forms folded (NFKC), spacing
 * collapsed and case ignored, so "J.Jansen@DenHaag.nl" and "j.jansen@denhaag.nl " are one person.
 */
export const holderKey = (holder: string): string =>
  holder.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Whether two actors are the same person, for four eyes. The same token always is. Otherwise
 * the holders decide; a token issued before holders existed has none, and then only the same
 * token counts (the best the log can tell; reissue such tokens with a holder).
 */
export function samePerson(a: Person, b: Person): boolean {
  if (a.tokenId === b.tokenId) return true;
  if (a.holder === undefined || b.holder === undefined) return false;
  return holderKey(a.holder) === holderKey(b.holder);
}

/**
 * The name shown for an actor wherever people read it (console, report, hubctl): the person
 * (holder) when the token names one, else "admin", else the token's subject (holderless tokens).
 */
export const nameOf = (a: Pick<Actor, 'holder' | 'role' | 'subject'>): string =>
  a.holder ?? (a.role === 'admin' ? 'admin' : a.subject);
