export type Role = 'admin' | 'municipality' | 'partner' | 'privacy-officer';

/** Who is calling the API. */
export interface Principal {
  readonly role: Role;
  /** Stable, non-secret name for logs and audit (never the token). */
  readonly subject: string;
}
