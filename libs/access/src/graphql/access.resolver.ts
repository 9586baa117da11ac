import { Inject } from '@nestjs/common';
import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AccessDirectory } from '../application/access-directory.js';
import { FeedAccessRecorder } from '../application/feed-access-recorder.js';
import { SharingService } from '../application/sharing-service.js';
import { TokenService } from '../application/token-service.js';
import { ActionForbiddenError } from '../domain/access-errors.js';
import { agreementsVisibleTo, mayAuditAgreement, mayReadHubRegisters } from '../domain/audience.js';
import { agreementStatus, type Agreement, type TokenRecord } from '../domain/access-state.js';
import type { Principal } from '../principal.js';
import {
  AgreementDirection,
  ApiToken,
  CreateTokenInput,
  FeedAccess,
  GrantSharingInput,
  IssuedToken,
  SharingAgreement,
} from './access.models.js';

const toApiToken = (t: TokenRecord): ApiToken => ({
  id: t.tokenId,
  role: t.role,
  municipality: t.municipality ?? null,
  lab: t.lab ?? null,
  label: t.label ?? null,
  holder: t.holder ?? null,
  issuedBy: t.issuedBy,
  issuedAt: new Date(t.issuedAt),
  revokedAt: t.revokedAt ? new Date(t.revokedAt) : null,
});

export const toSharingAgreement = (a: Agreement, nowMs = Date.now()): SharingAgreement => ({
  id: a.id,
  lab: a.lab,
  owner: a.owner,
  grantee: a.grantee,
  kinds: [...a.kinds],
  purpose: a.purpose,
  legalBasis: a.legalBasis,
  until: new Date(a.until),
  level: a.level,
  status: agreementStatus(a, nowMs),
  grantedAt: new Date(a.grantedAt),
  revokedAt: a.revokedAt ? new Date(a.revokedAt) : null,
});

/** Tokens, agreements and the feed access audit over GraphQL. */
/** The resolver's direction argument in the audience module's words. */
const DIRECTIONS = {
  [AgreementDirection.GIVEN]: 'given',
  [AgreementDirection.RECEIVED]: 'received',
  [AgreementDirection.ALL]: 'all',
} as const;

@Resolver()
export class AccessResolver {
  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(SharingService) private readonly sharing: SharingService,
    @Inject(AccessDirectory) private readonly directory: AccessDirectory,
    @Inject(FeedAccessRecorder) private readonly audit: FeedAccessRecorder,
  ) {}

  @Mutation(() => IssuedToken, {
    description: 'Admins: create an API token with a role and scope.',
  })
  async createToken(
    @Args('input', { type: () => CreateTokenInput }) input: CreateTokenInput,
    @Context('principal') principal: Principal,
  ): Promise<IssuedToken> {
    const issued = await this.tokens.issue(input, principal);
    return { token: issued.token, apiToken: toApiToken(issued.record) };
  }

  @Mutation(() => ApiToken, {
    description: 'Admins: revoke a token; its live subscriptions end at once.',
  })
  async revokeToken(
    @Args('id', { type: () => String }) id: string,
    @Context('principal') principal: Principal,
  ): Promise<ApiToken> {
    return toApiToken(await this.tokens.revoke(id, principal));
  }

  @Query(() => [ApiToken], { description: 'Admins: every token ever issued.' })
  tokenList(@Context('principal') principal: Principal): ApiToken[] {
    return this.tokens.list(principal).map(toApiToken);
  }

  @Mutation(() => SharingAgreement, {
    description: "The lab's owner (or an admin): share a lab's feed with another municipality.",
  })
  async grantSharing(
    @Args('input', { type: () => GrantSharingInput }) input: GrantSharingInput,
    @Context('principal') principal: Principal,
  ): Promise<SharingAgreement> {
    return toSharingAgreement(await this.sharing.grant(input, principal));
  }

  @Mutation(() => SharingAgreement, {
    description:
      "The lab's owner (municipality token or privacy officer) or an admin: end an agreement now; running streams under it end.",
  })
  async revokeSharing(
    @Args('id', { type: () => String }) id: string,
    @Context('principal') principal: Principal,
  ): Promise<SharingAgreement> {
    return toSharingAgreement(await this.sharing.revoke(id, principal));
  }

  @Query(() => [SharingAgreement], {
    description: 'Agreements you gave (on your labs) or received. Admins see all.',
  })
  agreements(
    @Args('direction', { type: () => AgreementDirection, defaultValue: AgreementDirection.ALL })
    direction: AgreementDirection,
    @Context('principal') principal: Principal,
  ): SharingAgreement[] {
    const all = [...this.directory.state.agreements.values()].reverse();
    const list = agreementsVisibleTo(principal, all, DIRECTIONS[direction]);
    if (list === undefined) throw new ActionForbiddenError('partner tokens cannot list agreements');
    return list.map((a) => toSharingAgreement(a));
  }

  @Query(() => [FeedAccess], {
    description:
      'Privacy officers (of the owner or the grantee) and admins: every read under one agreement, oldest first.',
  })
  async feedAccessLog(
    @Args('agreementId', { type: () => String }) agreementId: string,
    @Args('first', { type: () => Int, defaultValue: 1000 }) first: number,
    @Context('principal') principal: Principal,
  ): Promise<FeedAccess[]> {
    const a = this.sharing.get(agreementId);
    if (!mayAuditAgreement(principal, a)) {
      throw new ActionForbiddenError(
        `only privacy officers of "${a.owner}" or "${a.grantee}" (or an admin) may read this audit`,
      );
    }
    const entries = await this.audit.list(agreementId, Math.max(1, Math.min(first, 10_000)));
    return entries.map((e) => ({ ...e, kinds: [...e.kinds], at: new Date(e.at) }));
  }

  @Query(() => [String], { description: 'Municipalities known to the hub (admins).' })
  municipalities(@Context('principal') principal: Principal): string[] {
    if (!mayReadHubRegisters(principal)) {
      throw new ActionForbiddenError('only admins list municipalities');
    }
    return [...this.directory.state.municipalities].sort();
  }
}
