export { AccessTokens, bearerToken, newToken, tokenDigest } from './access-tokens.js';
export { ADMIN_TOKEN_FILE, ensureAdminToken } from './admin-token.js';
export { ROLES, type Principal, type Role } from './principal.js';
export { AccessModule } from './access.module.js';
export { AccessDirectory } from './application/access-directory.js';
export {
  TokenService,
  type IssueTokenInput,
  type IssuedToken,
} from './application/token-service.js';
export {
  SharingService,
  parseUntil,
  type GrantInput,
  type ValidGrant,
} from './application/sharing-service.js';
export { SharingRequests, type RequestSharingInput } from './application/sharing-requests.js';
export {
  MAX_OPEN_REQUESTS,
  MAX_REQUEST_TEXT,
  requestStatus,
  type SharingRequest,
  type SharingRequestStatus,
} from './domain/sharing-request.js';
export { FeedAccessRecorder } from './application/feed-access-recorder.js';
export * from './domain/access-events.js';
export {
  AccessState,
  agreementStatus,
  type Agreement,
  type AgreementStatus,
  type TokenRecord,
} from './domain/access-state.js';
export {
  AccessError,
  ActionForbiddenError,
  FeedForbiddenError,
  InvalidInputError,
  NotFoundError,
  RequestNotOpenError,
  TokenRevokedError,
  type RefusalReason,
} from './domain/access-errors.js';
export {
  agreementFor,
  authorizeLab,
  coverage,
  visibleLabs,
  type LabGrant,
} from './domain/authorize.js';
export {
  copyOf,
  agreementsVisibleTo,
  decideAudience,
  decideAudit,
  mayAuditAgreement,
  mayDiscoverLabs,
  mayManageLab,
  mayReadDevices,
  mayReadHubRegisters,
  readsNoFeeds,
  refuseFeedsFor,
  serves,
  sharingRequestsVisibleTo,
  storedAudiencesOf,
  visibleAudiences,
  type AudienceDecision,
  type AuditRefusal,
  type Copy,
} from './domain/audience.js';
export { assertId } from './domain/ids.js';
export { holderKey, samePerson, type Person } from './domain/same-person.js';
export { toSharingAgreement } from './graphql/access.resolver.js';
export { SharingAgreement } from './graphql/access.models.js';
