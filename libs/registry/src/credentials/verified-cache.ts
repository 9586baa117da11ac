import { createHash, timingSafeEqual } from 'node:crypto';

interface Entry {
  /** SHA-256 of the password that verified: the password itself is never kept. */
  readonly digest: Buffer;
  /** The stored KDF hash it verified against: a rotation makes the entry stale by itself. */
  readonly passwordHash: string;
}

const sha256 = (value: Buffer): Buffer => createHash('sha256').update(value).digest();

/**
 * Remembers successful verifications so a reconnecting device does not pay the KDF again
 * (reconnect storms, many-connection benchmarks). One entry per username, so it is bounded by
 * the number of devices; entries are dropped on rotation, revocation and decommissioning.
 */
export class VerifiedCredentialsCache {
  private readonly entries = new Map<string, Entry>();

  has(username: string, password: Buffer, passwordHash: string): boolean {
    const entry = this.entries.get(username);
    if (!entry || entry.passwordHash !== passwordHash) return false;
    return timingSafeEqual(entry.digest, sha256(password));
  }

  remember(username: string, password: Buffer, passwordHash: string): void {
    this.entries.set(username, { digest: sha256(password), passwordHash });
  }

  forget(username: string): void {
    this.entries.delete(username);
  }

  get size(): number {
    return this.entries.size;
  }
}
