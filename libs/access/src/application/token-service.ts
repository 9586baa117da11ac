import { randomUUID } from 'node:crypto';
import type { EventStore } from '@hub/event-store';
import { newToken, tokenDigest } from '../access-tokens.js';
import { ActionForbiddenError, InvalidInputError, NotFoundError } from '../domain/access-errors.js';
import {
  TOKEN_ISSUED,
  TOKEN_REVOKED,
  tokenStream,
  type TokenIssued,
  type TokenRevoked,
} from '../domain/access-events.js';
import type { TokenRecord } from '../domain/access-state.js';
import { parseHolder } from '../domain/holder.js';
import { assertId } from '../domain/ids.js';
import { ROLES, type Principal, type Role } from '../principal.js';
import type { AccessDirectory } from './access-directory.js';
import { registerMunicipality } from './register-municipality.js';

export interface IssueTokenInput {
  readonly role: string;
  readonly municipality?: string;
  readonly lab?: string;
  readonly label?: string | null;
  /** The person the token is issued to; required for privacy-officer tokens. */
  readonly holder?: string | null;
}

export interface IssuedToken {
  readonly tokenId: string;
  /** Shown once; the hub keeps only its digest. */
  readonly token: string;
  readonly record: TokenRecord;
}

/** Issues and revokes API tokens (admins only). */
export class TokenService {
  constructor(
    private readonly store: EventStore,
    private readonly directory: AccessDirectory,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async issue(input: IssueTokenInput, by: Principal): Promise<IssuedToken> {
    requireAdmin(by, 'create tokens');
    const role = parseRole(input.role);
    const scope = checkScope(role, input);
    const holder = parseHolder(role, input.holder);
    const label = input.label ?? undefined; // GraphQL may send an explicit null
    if (label !== undefined && label.length > 200) {
      throw new InvalidInputError('label must be at most 200 characters');
    }
    if (scope.municipality)
      await registerMunicipality(this.store, this.directory, scope.municipality);
    const token = newToken();
    const tokenId = randomUUID();
    const data: TokenIssued = {
      tokenId,
      digest: tokenDigest(token),
      role,
      ...scope,
      ...(label !== undefined && { label }),
      ...(holder !== undefined && { holder }),
      issuedAt: this.clock().toISOString(),
      issuedBy: by.subject,
    };
    const result = await this.store.appendToStream(
      tokenStream(tokenId),
      [{ id: randomUUID(), type: TOKEN_ISSUED, data }],
      { expectedRevision: 'no_stream' },
    );
    await this.directory.waitForPosition(result.position);
    const record = this.directory.state.tokensById.get(tokenId);
    if (!record) throw new Error(`token ${tokenId} was stored but is not visible yet`);
    return { tokenId, token, record };
  }

  async revoke(tokenId: string, by: Principal): Promise<TokenRecord> {
    requireAdmin(by, 'revoke tokens');
    const record = this.directory.state.tokensById.get(tokenId);
    if (!record) throw new NotFoundError(`no token with id "${tokenId.slice(0, 80)}"`);
    if (record.revokedAt !== undefined) {
      throw new InvalidInputError(`token ${tokenId} was already revoked at ${record.revokedAt}`);
    }
    const data: TokenRevoked = {
      tokenId,
      revokedAt: this.clock().toISOString(),
      revokedBy: by.subject,
    };
    const result = await this.store.appendToStream(
      tokenStream(tokenId),
      [{ id: randomUUID(), type: TOKEN_REVOKED, data }],
      { expectedRevision: 0 },
    );
    await this.directory.waitForPosition(result.position);
    return record;
  }

  list(by: Principal): TokenRecord[] {
    requireAdmin(by, 'list tokens');
    return [...this.directory.state.tokensById.values()];
  }
}

export function requireAdmin(principal: Principal, action: string): void {
  if (principal.role !== 'admin') {
    throw new ActionForbiddenError(
      `only an admin token may ${action}; this is a ${principal.role} token`,
    );
  }
}

function parseRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new InvalidInputError(
      `role must be one of ${ROLES.join(', ')}; got "${role.slice(0, 40)}"`,
    );
  }
  return role as Role;
}

function checkScope(role: Role, input: IssueTokenInput): { municipality?: string; lab?: string } {
  switch (role) {
    case 'admin':
      if (input.municipality || input.lab) {
        throw new InvalidInputError('an admin token has no municipality or lab scope');
      }
      return {};
    case 'municipality':
    case 'privacy-officer':
      if (!input.municipality) {
        throw new InvalidInputError(`a ${role} token needs a municipality (--municipality <id>)`);
      }
      if (input.lab)
        throw new InvalidInputError(`a ${role} token is scoped to a municipality, not a lab`);
      return { municipality: assertId('municipality', input.municipality) };
    case 'partner':
      if (!input.lab) throw new InvalidInputError('a partner token needs a lab (--lab <id>)');
      if (input.municipality)
        throw new InvalidInputError('a partner token is scoped to a lab, not a municipality');
      return { lab: assertId('lab', input.lab) };
    default: {
      const never: never = role;
      return never;
    }
  }
}
