import type { RecordedEvent } from '@hub/event-store';
import {
  LAB_CREATED,
  MUNICIPALITY_REGISTERED,
  SHARING_GRANTED,
  SHARING_REQUESTED,
  SHARING_REQUEST_APPROVED,
  SHARING_REQUEST_DECLINED,
  SHARING_REQUEST_WITHDRAWN,
  SHARING_REVOKED,
  TOKEN_ISSUED,
  TOKEN_REVOKED,
  type LabCreated,
  type MunicipalityRegistered,
  type SharingGranted,
  type SharingLevel,
  type SharingRequestApproved,
  type SharingRequestDeclined,
  type SharingRequested,
  type SharingRequestWithdrawn,
  type SharingRevoked,
  type TokenIssued,
  type TokenRevoked,
} from './access-events.js';
import type { SharingRequest } from './sharing-request.js';

/** A token as issued, and when it was revoked. */
export interface TokenRecord extends TokenIssued {
  revokedAt?: string;
}

export interface Agreement {
  readonly id: string;
  readonly lab: string;
  readonly owner: string;
  readonly grantee: string;
  readonly kinds: readonly string[];
  readonly purpose: string;
  readonly legalBasis: string;
  readonly until: string;
  readonly level: SharingLevel;
  readonly grantedAt: string;
  readonly grantedBy: string;
  /** Log position of the grant. */
  readonly grantedPosition: number;
  revokedAt?: string;
  /** Log position of the revocation: readings after it are not covered. */
  revokedPosition?: number;
}

export type AgreementStatus = 'active' | 'expired' | 'revoked';

export function agreementStatus(a: Agreement, nowMs: number): AgreementStatus {
  if (a.revokedAt !== undefined) return 'revoked';
  if (nowMs >= Date.parse(a.until)) return 'expired';
  return 'active';
}

/**
 * The access context's state: a fold over its events in log order. Plain data and a pure
 * `apply`, so the same state is rebuilt from the log at every start.
 */
export class AccessState {
  readonly tokensById = new Map<string, TokenRecord>();
  readonly tokensByDigest = new Map<string, TokenRecord>();
  readonly municipalities = new Set<string>();
  /** lab -> owning municipality. */
  readonly labOwners = new Map<string, string>();
  readonly agreements = new Map<string, Agreement>();
  /** Sharing requests by id, in log order. */
  readonly requests = new Map<string, SharingRequest>();
  position = 0;

  apply(event: RecordedEvent): void {
    if (event.position <= this.position) return;
    this.position = event.position;
    switch (event.type) {
      case TOKEN_ISSUED: {
        const e = event.data as TokenIssued;
        const record: TokenRecord = { ...e };
        this.tokensById.set(e.tokenId, record);
        this.tokensByDigest.set(e.digest, record);
        if (e.municipality) this.municipalities.add(e.municipality);
        break;
      }
      case TOKEN_REVOKED: {
        const e = event.data as TokenRevoked;
        const record = this.tokensById.get(e.tokenId);
        if (record) {
          record.revokedAt = e.revokedAt;
          this.tokensByDigest.delete(record.digest);
        }
        break;
      }
      case MUNICIPALITY_REGISTERED:
        this.municipalities.add((event.data as MunicipalityRegistered).municipality);
        break;
      case LAB_CREATED: {
        const e = event.data as LabCreated;
        this.labOwners.set(e.lab, e.municipality);
        this.municipalities.add(e.municipality);
        break;
      }
      case SHARING_GRANTED: {
        const e = event.data as SharingGranted;
        this.agreements.set(e.agreementId, {
          id: e.agreementId,
          lab: e.lab,
          owner: e.owner,
          grantee: e.grantee,
          kinds: [...e.kinds],
          purpose: e.purpose,
          legalBasis: e.legalBasis,
          until: e.until,
          level: e.level,
          grantedAt: e.grantedAt,
          grantedBy: e.grantedBy,
          grantedPosition: event.position,
        });
        this.municipalities.add(e.grantee);
        break;
      }
      case SHARING_REVOKED: {
        const e = event.data as SharingRevoked;
        const a = this.agreements.get(e.agreementId);
        if (a && a.revokedAt === undefined) {
          a.revokedAt = e.revokedAt;
          a.revokedPosition = event.position;
        }
        break;
      }
      case SHARING_REQUESTED: {
        const e = event.data as SharingRequested;
        this.requests.set(e.requestId, { ...e, kinds: [...e.kinds], position: event.position });
        break;
      }
      case SHARING_REQUEST_APPROVED: {
        const e = event.data as SharingRequestApproved;
        this.decide(e.requestId, {
          outcome: 'approved',
          agreementId: e.agreementId,
          ...(e.note !== undefined && { note: e.note }),
          at: e.decidedAt,
          by: e.decidedBy,
        });
        break;
      }
      case SHARING_REQUEST_DECLINED: {
        const e = event.data as SharingRequestDeclined;
        this.decide(e.requestId, {
          outcome: 'declined',
          reason: e.reason,
          at: e.decidedAt,
          by: e.decidedBy,
        });
        break;
      }
      case SHARING_REQUEST_WITHDRAWN: {
        const e = event.data as SharingRequestWithdrawn;
        this.decide(e.requestId, { outcome: 'withdrawn', at: e.withdrawnAt, by: e.withdrawnBy });
        break;
      }
      default:
        break;
    }
  }

  /** The first decision of a request stands (its stream allows only one). */
  private decide(requestId: string, decision: NonNullable<SharingRequest['decision']>): void {
    const r = this.requests.get(requestId);
    if (r && r.decision === undefined) r.decision = decision;
  }

  labsOf(municipality: string): string[] {
    return [...this.labOwners].filter(([, m]) => m === municipality).map(([lab]) => lab);
  }

  /** Agreements where `municipality` is the grantee, newest first. */
  received(municipality: string): Agreement[] {
    return [...this.agreements.values()].filter((a) => a.grantee === municipality).reverse();
  }

  given(municipality: string): Agreement[] {
    return [...this.agreements.values()].filter((a) => a.owner === municipality).reverse();
  }
}
