import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal } from './principal.js';

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/** Extracts the token of an `Authorization: Bearer <token>` value; undefined when absent or malformed. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Verifies API tokens. Only digests are kept in memory and compared in constant time.
 * The token model with roles and scopes per municipality grows here (issue: municipality feeds).
 */
export class AccessTokens {
  private readonly adminDigest: Buffer;

  constructor(adminToken: string) {
    this.adminDigest = digest(adminToken);
  }

  /** The principal for an `Authorization` header value, or undefined for a missing or unknown token. */
  authenticate(authorization: unknown): Principal | undefined {
    const token = bearerToken(authorization);
    if (token === undefined) return undefined;
    if (timingSafeEqual(digest(token), this.adminDigest))
      return { role: 'admin', subject: 'admin' };
    return undefined;
  }
}
