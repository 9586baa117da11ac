import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AccessDirectory } from './application/access-directory.js';
import type { Principal } from './principal.js';

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/** SHA-256 hex of a token: what the log keeps instead of the token. */
export const tokenDigest = (token: string): string => digest(token).toString('hex');

/** A new API token: 32 random bytes, base64url (43 characters). */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Extracts the token of an `Authorization: Bearer <token>` value; undefined when absent or malformed. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Verifies API tokens: the bootstrap admin token, and the tokens issued through the API (kept
 * as digests in the access directory). A lookup by digest leaks nothing usable about a token:
 * the digest of a 256-bit random token cannot be inverted.
 */
export class AccessTokens {
  private readonly adminDigest: Buffer;

  constructor(
    adminToken: string,
    private readonly directory?: AccessDirectory,
  ) {
    this.adminDigest = digest(adminToken);
  }

  /** The principal for an `Authorization` header value, or undefined for a missing, unknown or revoked token. */
  authenticate(authorization: unknown): Principal | undefined {
    const token = bearerToken(authorization);
    if (token === undefined) return undefined;
    const d = digest(token);
    if (timingSafeEqual(d, this.adminDigest)) {
      return { role: 'admin', subject: 'admin', tokenId: 'admin' };
    }
    const record = this.directory?.state.tokensByDigest.get(d.toString('hex'));
    if (!record || record.revokedAt !== undefined) return undefined;
    const scope = record.municipality ?? record.lab;
    return {
      role: record.role,
      subject: `${record.role}:${scope ?? '-'}:${record.tokenId}`,
      tokenId: record.tokenId,
      ...(record.municipality !== undefined && { municipality: record.municipality }),
      ...(record.lab !== undefined && { lab: record.lab }),
      ...(record.holder !== undefined && { holder: record.holder }),
    };
  }

  /** Whether the token behind a principal is still valid (checked per event in live streams). */
  isValid(principal: Principal): boolean {
    if (principal.tokenId === 'admin') return true;
    const record = this.directory?.state.tokensById.get(principal.tokenId);
    return record !== undefined && record.revokedAt === undefined;
  }
}
