import { randomUUID } from 'node:crypto';
import { isWrongExpectedRevisionError, type EventStore } from '@hub/event-store';
import { InvalidInputError, NotFoundError } from '../domain/access-errors.js';
import {
  SHARING_REQUESTED,
  SHARING_REQUEST_APPROVED,
  SHARING_REQUEST_DECLINED,
  SHARING_REQUEST_WITHDRAWN,
  sharingRequestStream,
  type SharingRequestApproved,
  type SharingRequestDeclined,
  type SharingRequested,
  type SharingRequestWithdrawn,
} from '../domain/access-events.js';
import { assertId } from '../domain/ids.js';
import {
  DEFAULT_LEGAL_BASIS,
  MAX_OPEN_REQUESTS,
  actorOf,
  assertMayDecide,
  assertMayRequest,
  assertMayWithdraw,
  assertOpen,
  requestExpiry,
  requestStatus,
  type SharingRequest,
} from '../domain/sharing-request.js';
import type { Principal } from '../principal.js';
import type { AccessDirectory } from './access-directory.js';
import { requireText, type SharingService } from './sharing-service.js';

export interface RequestSharingInput {
  readonly lab: string;
  readonly kinds: readonly string[];
  readonly level: string;
  readonly purpose: string;
  readonly legalBasis?: string | null;
  readonly until: string;
}

/** Longest kinds list accepted before deduplication: more than every kind, fewer than abuse. */
const MAX_KINDS = 20;

/**
 * Sharing requests: a municipality asks, the owner's privacy officer approves (which grants the
 * agreement through SharingService.createAgreement, the same path as grantSharing) or declines,
 * the requester may withdraw. Every step is an event; a request's stream holds its request at
 * revision 0 and at most one decision after it, so two deciders racing cannot both win.
 */
export class SharingRequests {
  constructor(
    private readonly store: EventStore,
    private readonly directory: AccessDirectory,
    private readonly sharing: SharingService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async request(input: RequestSharingInput, by: Principal): Promise<SharingRequest> {
    const requester = assertMayRequest(by);
    const lab = assertId('lab', input.lab);
    const owner = this.sharing.ownerOf(lab);
    if (input.kinds.length > MAX_KINDS) {
      throw new InvalidInputError(`name at most ${MAX_KINDS} kinds`, 'kinds', 'TOO_MANY');
    }
    if (owner === requester) {
      throw new InvalidInputError(
        `lab "${lab}" belongs to "${requester}" already: you read all of it without a request`,
        'lab',
        'OWN_LAB',
      );
    }
    // The same checks as a grant, so an approvable request is exactly a grantable one.
    const grant = this.sharing.validate(
      {
        lab,
        to: requester,
        kinds: input.kinds,
        purpose: input.purpose,
        legalBasis: input.legalBasis?.trim() ? input.legalBasis : DEFAULT_LEGAL_BASIS,
        until: input.until,
        level: input.level,
      },
      owner,
    );
    const now = this.clock();
    const open = [...this.directory.state.requests.values()].filter(
      (r) => r.requester === requester && requestStatus(r, now.getTime()) === 'open',
    );
    if (open.length >= MAX_OPEN_REQUESTS) {
      throw new InvalidInputError(
        `"${requester}" has ${open.length} open requests; withdraw some or wait for decisions`,
        undefined,
        'TOO_MANY_OPEN_REQUESTS',
      );
    }
    const requestId = randomUUID();
    const data: SharingRequested = {
      requestId,
      lab,
      owner,
      requester,
      kinds: grant.kinds,
      level: grant.level,
      purpose: grant.purpose,
      legalBasis: grant.legalBasis,
      until: grant.until,
      expiresAt: requestExpiry(now.getTime(), Date.parse(grant.until)),
      requestedAt: now.toISOString(),
      requestedBy: actorOf(by),
    };
    await this.append(requestId, SHARING_REQUESTED, data, 'no_stream');
    return this.get(requestId);
  }

  async approve(
    requestId: string,
    note: string | undefined | null,
    by: Principal,
  ): Promise<SharingRequest> {
    const r = this.get(requestId);
    assertMayDecide(by, r, this.clock().getTime());
    const checkedNote = note?.trim() ? requireText('note', note) : undefined;
    const grant = this.sharing.validate(
      {
        lab: r.lab,
        to: r.requester,
        kinds: r.kinds,
        purpose: r.purpose,
        legalBasis: r.legalBasis,
        until: r.until,
        level: r.level,
      },
      r.owner,
    );
    // The approval first (it names the agreement's id): if it loses a race, nothing was granted.
    const agreementId = randomUUID();
    const data: SharingRequestApproved = {
      requestId,
      agreementId,
      ...(checkedNote !== undefined && { note: checkedNote }),
      decidedAt: this.clock().toISOString(),
      decidedBy: actorOf(by),
    };
    await this.decideOnce(r, SHARING_REQUEST_APPROVED, data);
    await this.sharing.createAgreement(grant, by, { agreementId, requestId });
    return this.get(requestId);
  }

  async decline(requestId: string, reason: string, by: Principal): Promise<SharingRequest> {
    const r = this.get(requestId);
    assertMayDecide(by, r, this.clock().getTime());
    const data: SharingRequestDeclined = {
      requestId,
      reason: requireText('reason', reason),
      decidedAt: this.clock().toISOString(),
      decidedBy: actorOf(by),
    };
    await this.decideOnce(r, SHARING_REQUEST_DECLINED, data);
    return this.get(requestId);
  }

  async withdraw(requestId: string, by: Principal): Promise<SharingRequest> {
    const r = this.get(requestId);
    assertMayWithdraw(by, r, this.clock().getTime());
    const data: SharingRequestWithdrawn = {
      requestId,
      withdrawnAt: this.clock().toISOString(),
      withdrawnBy: actorOf(by),
    };
    await this.decideOnce(r, SHARING_REQUEST_WITHDRAWN, data);
    return this.get(requestId);
  }

  get(requestId: string): SharingRequest {
    const r = this.directory.state.requests.get(requestId);
    if (!r) throw new NotFoundError(`no sharing request with id "${requestId.slice(0, 80)}"`);
    return r;
  }

  /** Appends the one decision after the request (revision 0); a lost race says who won. */
  private async decideOnce(r: SharingRequest, type: string, data: object): Promise<void> {
    try {
      await this.append(r.requestId, type, data, 0);
    } catch (error) {
      if (!isWrongExpectedRevisionError(error)) throw error;
      // Someone decided first: wait for the directory to apply their decision (the newest event
      // of the request's stream; the log's head may be of a type the directory never sees) and
      // refuse with what they decided.
      const [decided] = await this.store.readStream(sharingRequestStream(r.requestId), {
        direction: 'backwards',
        maxCount: 1,
      });
      if (decided) await this.directory.waitForPosition(decided.position);
      assertOpen(this.get(r.requestId), this.clock().getTime(), 'decided');
      throw error;
    }
  }

  private async append(
    requestId: string,
    type: string,
    data: object,
    expectedRevision: 'no_stream' | 0,
  ): Promise<void> {
    const result = await this.store.appendToStream(
      sharingRequestStream(requestId),
      [{ id: randomUUID(), type, data }],
      { expectedRevision },
    );
    await this.directory.waitForPosition(result.position);
  }
}
