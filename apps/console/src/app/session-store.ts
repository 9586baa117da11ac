/**
 * The signed-in session, kept outside React so the API client can read the token. The token
 * lives in sessionStorage only: it is gone when the tab closes and is never written elsewhere.
 */
export type Role = 'admin' | 'municipality' | 'partner' | 'privacy-officer';

export interface Session {
  readonly token: string;
  readonly role: Role;
  readonly municipality?: string;
  readonly lab?: string;
  readonly holder?: string;
}

const KEY = 'hub.session';
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

let current: Session | null = read();

export const getSession = (): Session | null => current;
export const getToken = (): string | undefined => current?.token;

export function setSession(next: Session | null): void {
  current = next;
  if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
