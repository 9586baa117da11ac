import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * Who may read the hub's telemetry. Invariant: metrics and health details (store errors, client
 * counts, process figures) are shown only to a request carrying the metrics token; everyone else
 * learns at most up/down. Compared as SHA-256 digests in constant time, so the comparison leaks
 * neither the token nor its length.
 */
export class TelemetryAccess {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = digest(token);
  }

  /** Whether an `Authorization` header value is `Bearer <the metrics token>`. */
  allows(authorization: unknown): boolean {
    if (typeof authorization !== 'string') return false;
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    return token !== undefined && timingSafeEqual(digest(token), this.expected);
  }
}
