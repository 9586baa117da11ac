import { useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { gql, isGraphQLRequestError } from '../api/client';
import { getSession, setSession, subscribeSession, type Role, type Session } from './session-store';

export type { Role, Session } from './session-store';

interface Visibility {
  whatCanISee: { role: string; municipality: string | null; lab: string | null };
}

const WHO_AM_I = 'query WhoAmI { whatCanISee { role municipality lab } }';

/**
 * Signs in with an API token: asks the hub who the token is (`whatCanISee`) and keeps the answer.
 * Throws the hub's GraphQLRequestError (e.g. UNAUTHENTICATED) and keeps no session then.
 */
export async function signIn(token: string): Promise<Session> {
  const trimmed = token.trim();
  const { whatCanISee: v } = await gql<Visibility>(WHO_AM_I, {}, { token: trimmed });
  const session: Session = {
    token: trimmed,
    role: v.role as Role,
    ...(v.municipality ? { municipality: v.municipality } : {}),
    ...(v.lab ? { lab: v.lab } : {}),
  };
  setSession(session);
  return session;
}

export function signOut(): void {
  setSession(null);
}

/** The signed-in session, or null. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession);
}

/** Re-checks a token kept from earlier in this tab (it may have been revoked since). */
export function SessionProvider({ children }: { children: ReactNode }) {
  useEffect(() => {
    const kept = getSession();
    if (!kept) return;
    signIn(kept.token).catch((e: unknown) => {
      if (isGraphQLRequestError(e) && e.code === 'UNAUTHENTICATED') signOut();
    });
  }, []);
  return <>{children}</>;
}
