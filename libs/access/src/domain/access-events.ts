import type { Role } from '../principal.js';

/**
 * Events of the access context. Tokens, municipalities and sharing agreements are event-sourced:
 * the hub's view of who may read what is a fold over these events (see access-state.ts).
 */
export const TOKEN_ISSUED = 'TokenIssued';
export const TOKEN_REVOKED = 'TokenRevoked';
export const MUNICIPALITY_REGISTERED = 'MunicipalityRegistered';
export const SHARING_GRANTED = 'SharingAgreementGranted';
export const SHARING_REVOKED = 'SharingAgreementRevoked';
/** One per query or subscription start under an agreement: the privacy officers' audit trail. */
export const FEED_ACCESSED = 'FeedAccessed';
/** Written by the registry (issue 4): a lab belongs to one municipality. Read here for tenancy. */
export const LAB_CREATED = 'LabCreated';

export type SharingLevel = 'readings' | 'aggregates';
export const SHARING_LEVELS: readonly SharingLevel[] = ['readings', 'aggregates'];

export interface TokenIssued {
  readonly tokenId: string;
  /** SHA-256 of the token, hex. The token itself is never stored. */
  readonly digest: string;
  readonly role: Role;
  readonly municipality?: string;
  readonly lab?: string;
  readonly label?: string;
  /**
   * The person the token is issued to (e-mail or staff id), as the issuing admin stated it.
   * Required for privacy-officer tokens since four-eyes approval compares holders; absent on
   * tokens issued before holders existed.
   */
  readonly holder?: string;
  readonly issuedAt: string;
  /** Subject of the admin who issued it: with `holder`, the audit of who vouched for whom. */
  readonly issuedBy: string;
}

export interface TokenRevoked {
  readonly tokenId: string;
  readonly revokedAt: string;
  readonly revokedBy: string;
}

export interface MunicipalityRegistered {
  readonly municipality: string;
}

export interface LabCreated {
  readonly lab: string;
  readonly municipality: string;
}

export interface SharingGranted {
  readonly agreementId: string;
  readonly lab: string;
  /** The municipality that owns the lab. */
  readonly owner: string;
  readonly grantee: string;
  readonly kinds: readonly string[];
  readonly purpose: string;
  readonly legalBasis: string;
  /** ISO time; the agreement covers readings recorded before it. */
  readonly until: string;
  readonly level: SharingLevel;
  readonly grantedAt: string;
  readonly grantedBy: string;
}

export interface SharingRevoked {
  readonly agreementId: string;
  readonly revokedAt: string;
  readonly revokedBy: string;
}

export interface FeedAccessed {
  readonly agreementId: string;
  readonly lab: string;
  readonly kinds: readonly string[];
  readonly level: SharingLevel;
  readonly grantee: string;
  /** Token id and subject of the caller (never the token). */
  readonly tokenId: string;
  readonly subject: string;
  /** The GraphQL field and operation type, e.g. `query readings`, `subscription aggregates`. */
  readonly operation: string;
  readonly at: string;
}

export const ACCESS_EVENT_TYPES: readonly string[] = [
  TOKEN_ISSUED,
  TOKEN_REVOKED,
  MUNICIPALITY_REGISTERED,
  LAB_CREATED,
  SHARING_GRANTED,
  SHARING_REVOKED,
];

export const tokenStream = (tokenId: string): string => `token-${tokenId}`;
/** Same stream the registry uses, so a municipality is registered once whoever comes first. */
export const municipalityStream = (municipality: string): string => `municipality-${municipality}`;
export const agreementStream = (agreementId: string): string => `agreement-${agreementId}`;
/** One audit stream per agreement: "who received this feed" is one stream read. */
export const feedAccessStream = (agreementId: string): string => `feed-access-${agreementId}`;
