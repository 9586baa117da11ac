export type Role = 'admin' | 'municipality' | 'partner' | 'privacy-officer';
export const ROLES: readonly Role[] = ['admin', 'municipality', 'partner', 'privacy-officer'];

/** Who is calling the API. */
export interface Principal {
  readonly role: Role;
  /** Stable, non-secret name for logs and audit (never the token). */
  readonly subject: string;
  /** The token's id; `admin` for the bootstrap admin token. */
  readonly tokenId: string;
  /** Scope of municipality and privacy-officer tokens. */
  readonly municipality?: string;
  /** Scope of partner tokens. */
  readonly lab?: string;
  /**
   * The person the token was issued to (see TokenIssued.holder): the identity four-eyes
   * approval compares. Absent for the bootstrap admin token and tokens issued before holders.
   */
  readonly holder?: string;
}
