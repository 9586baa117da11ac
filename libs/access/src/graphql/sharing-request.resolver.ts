import { Inject } from '@nestjs/common';
import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AccessDirectory } from '../application/access-directory.js';
import { SharingRequests } from '../application/sharing-requests.js';
import { ActionForbiddenError } from '../domain/access-errors.js';
import { sharingRequestsVisibleTo } from '../domain/audience.js';
import { requestStatus, type SharingRequest as Request } from '../domain/sharing-request.js';
import type { Principal } from '../principal.js';
import {
  RequestDirection,
  RequestSharingInput,
  SharingRequest,
  SharingRequestStatus,
} from './sharing-request.models.js';

export const toSharingRequest = (r: Request, nowMs = Date.now()): SharingRequest => {
  const d = r.decision;
  return {
    id: r.requestId,
    lab: r.lab,
    owner: r.owner,
    requester: r.requester,
    kinds: [...r.kinds],
    level: r.level,
    purpose: r.purpose,
    legalBasis: r.legalBasis,
    until: new Date(r.until),
    status: requestStatus(r, nowMs).toUpperCase() as SharingRequestStatus,
    requestedAt: new Date(r.requestedAt),
    requestedBy: r.requestedBy.subject,
    expiresAt: new Date(r.expiresAt),
    decidedAt: d ? new Date(d.at) : null,
    decidedBy: d ? d.by.subject : null,
    note: d?.outcome === 'approved' ? (d.note ?? null) : null,
    reason: d?.outcome === 'declined' ? d.reason : null,
    agreementId: d?.outcome === 'approved' ? d.agreementId : null,
  };
};

/** Longest list one `sharingRequests` call returns. */
const MAX_LISTED = 1000;

const DIRECTIONS = {
  [RequestDirection.INCOMING]: 'incoming',
  [RequestDirection.OUTGOING]: 'outgoing',
  [RequestDirection.ALL]: 'all',
} as const;

/** Asking for sharing: request, list, approve, decline, withdraw. */
@Resolver()
export class SharingRequestResolver {
  constructor(
    @Inject(SharingRequests) private readonly requests: SharingRequests,
    @Inject(AccessDirectory) private readonly directory: AccessDirectory,
  ) {}

  @Mutation(() => SharingRequest, {
    description:
      "A municipality (or its privacy officer): ask the owner of another municipality's lab for a sharing agreement.",
  })
  async requestSharing(
    @Args('input', { type: () => RequestSharingInput }) input: RequestSharingInput,
    @Context('principal') principal: Principal,
  ): Promise<SharingRequest> {
    return toSharingRequest(await this.requests.request(input, principal));
  }

  @Mutation(() => SharingRequest, {
    description:
      "The owner's privacy officer (or an admin), not the requester: approve an open request; grants the agreement.",
  })
  async approveSharingRequest(
    @Args('id', { type: () => String }) id: string,
    @Args('note', { type: () => String, nullable: true }) note: string | null,
    @Context('principal') principal: Principal,
  ): Promise<SharingRequest> {
    return toSharingRequest(await this.requests.approve(id, note, principal));
  }

  @Mutation(() => SharingRequest, {
    description: "The owner's privacy officer (or an admin): decline an open request, saying why.",
  })
  async declineSharingRequest(
    @Args('id', { type: () => String }) id: string,
    @Args('reason', { type: () => String }) reason: string,
    @Context('principal') principal: Principal,
  ): Promise<SharingRequest> {
    return toSharingRequest(await this.requests.decline(id, reason, principal));
  }

  @Mutation(() => SharingRequest, {
    description: 'The requesting municipality (or its officer): withdraw an open request.',
  })
  async withdrawSharingRequest(
    @Args('id', { type: () => String }) id: string,
    @Context('principal') principal: Principal,
  ): Promise<SharingRequest> {
    return toSharingRequest(await this.requests.withdraw(id, principal));
  }

  @Query(() => [SharingRequest], {
    description:
      'Sharing requests for your labs (INCOMING) or made by you (OUTGOING), newest first. Admins see all.',
  })
  sharingRequests(
    @Args('direction', { type: () => RequestDirection, defaultValue: RequestDirection.ALL })
    direction: RequestDirection,
    @Args('status', { type: () => SharingRequestStatus, nullable: true })
    status: SharingRequestStatus | null,
    @Args('first', {
      type: () => Int,
      defaultValue: 200,
      description: `At most this many, newest first (1 to ${MAX_LISTED}).`,
    })
    first: number,
    @Context('principal') principal: Principal,
  ): SharingRequest[] {
    const all = [...this.directory.state.requests.values()].reverse();
    const list = sharingRequestsVisibleTo(principal, all, DIRECTIONS[direction]);
    if (list === undefined) {
      throw new ActionForbiddenError('partner tokens cannot list sharing requests');
    }
    const now = Date.now();
    return list
      .map((r) => toSharingRequest(r, now))
      .filter((r) => status === null || status === undefined || r.status === status)
      .slice(0, Math.max(1, Math.min(first, MAX_LISTED)));
  }
}
