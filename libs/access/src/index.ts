export { AccessTokens, bearerToken } from './access-tokens.js';
export { ADMIN_TOKEN_FILE, ensureAdminToken } from './admin-token.js';
export type { Principal, Role } from './principal.js';
export { AccessModule } from './access.module.js';
