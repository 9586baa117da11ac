/** What identifies the person behind an action: the token, and the holder it was issued to. */
export interface Person {
  readonly tokenId: string;
  readonly holder?: string;
}

/**
 * A holder compared as a person, not as typed: compatibility forms folded (NFKC), spacing
 * collapsed and case ignored, so "J.Jansen@DenHaag.nl" and "j.jansen@denhaag.nl " are one person.
 */
export const holderKey = (holder: string): string =>
  holder.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Whether two actors are the same person, for four eyes (rule changes) and for deciding a
 * sharing request. The same token always is. Otherwise the holders decide; a token issued before
 * holders existed has none, and then only the same token counts (the best the log can tell).
 */
export function samePerson(a: Person, b: Person): boolean {
  if (a.tokenId === b.tokenId) return true;
  if (a.holder === undefined || b.holder === undefined) return false;
  return holderKey(a.holder) === holderKey(b.holder);
}
