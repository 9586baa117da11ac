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
/** A municipality asks the owner of a lab for a sharing agreement (see sharing-request.ts). */
export const SHARING_REQUESTED = 'SharingRequested';
export const SHARING_REQUEST_APPROVED = 'SharingRequestApproved';
export const SHARING_REQUEST_DECLINED = 'SharingRequestDeclined';
export const SHARING_REQUEST_WITHDRAWN = 'SharingRequestWithdrawn';
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
  /** The request this agreement answers, when it was granted by approving one. */
  readonly requestId?: string;
}

export interface SharingRevoked {
  readonly agreementId: string;
  readonly revokedAt: string;
  readonly revokedBy: string;
}

/** Who acted: the token's subject, and the person it was issued to when the token names one. */
export interface RequestActor {
  readonly subject: string;
  readonly tokenId: string;
  readonly holder?: string;
}

export interface SharingRequested {
  readonly requestId: string;
  readonly lab: string;
  /** The municipality that owns the lab, who decides. */
  readonly owner: string;
  /** The municipality asking. */
  readonly requester: string;
  readonly kinds: readonly string[];
  readonly level: SharingLevel;
  readonly purpose: string;
  readonly legalBasis: string;
  /** ISO time: the exclusive end of the agreement asked for. */
  readonly until: string;
  /** ISO time after which the request can no longer be decided. */
  readonly expiresAt: string;
  readonly requestedAt: string;
  readonly requestedBy: RequestActor;
}

export interface SharingRequestApproved {
  readonly requestId: string;
  /** The agreement created by the approval (SharingAgreementGranted with the same id). */
  readonly agreementId: string;
  readonly note?: string;
  readonly decidedAt: string;
  readonly decidedBy: RequestActor;
}

export interface SharingRequestDeclined {
  readonly requestId: string;
  readonly reason: string;
  readonly decidedAt: string;
  readonly decidedBy: RequestActor;
}

export interface SharingRequestWithdrawn {
  readonly requestId: string;
  readonly withdrawnAt: string;
  readonly withdrawnBy: RequestActor;
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
  SHARING_REQUESTED,
  SHARING_REQUEST_APPROVED,
  SHARING_REQUEST_DECLINED,
  SHARING_REQUEST_WITHDRAWN,
];

export const tokenStream = (tokenId: string): string => `token-${tokenId}`;
/** Same stream the registry uses, so a municipality is registered once whoever comes first. */
export const municipalityStream = (municipality: string): string => `municipality-${municipality}`;
export const agreementStream = (agreementId: string): string => `agreement-${agreementId}`;
/** One stream per request: its decision is appended at revision 0, so it is decided once. */
export const sharingRequestStream = (requestId: string): string => `sharing-request-${requestId}`;
/** One audit stream per agreement: "who received this feed" is one stream read. */
export const feedAccessStream = (agreementId: string): string => `feed-access-${agreementId}`;
