import { randomUUID } from 'node:crypto';
import type { EventStore } from '@hub/event-store';
import { SENSOR_KINDS } from '@hub/ingest';
import { ActionForbiddenError, InvalidInputError, NotFoundError } from '../domain/access-errors.js';
import {
  SHARING_GRANTED,
  SHARING_LEVELS,
  SHARING_REVOKED,
  agreementStream,
  type SharingGranted,
  type SharingLevel,
  type SharingRevoked,
} from '../domain/access-events.js';
import type { Agreement } from '../domain/access-state.js';
import { assertId } from '../domain/ids.js';
import type { Principal } from '../principal.js';
import type { AccessDirectory } from './access-directory.js';
import { registerMunicipality } from './register-municipality.js';

export interface GrantInput {
  readonly lab: string;
  readonly to: string;
  readonly kinds: readonly string[];
  readonly purpose: string;
  readonly legalBasis: string;
  /** ISO date (valid through that UTC day) or date-time (exclusive end). */
  readonly until: string;
  readonly level?: string;
}

/** Grants and revokes purpose-bound sharing agreements (the lab's owner, or an admin). */
export class SharingService {
  constructor(
    private readonly store: EventStore,
    private readonly directory: AccessDirectory,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async grant(input: GrantInput, by: Principal): Promise<Agreement> {
    const lab = assertId('lab', input.lab);
    const owner = this.directory.state.labOwners.get(lab);
    if (owner === undefined) {
      throw new NotFoundError(
        `lab "${lab}" is not registered to any municipality; create it first`,
      );
    }
    this.requireOwnerOrAdmin(by, owner, `grant lab "${lab}"`);
    const grantee = assertId('municipality', input.to);
    if (grantee === owner)
      throw new InvalidInputError(`lab "${lab}" already belongs to "${owner}"`);
    const kinds = [...new Set(input.kinds)];
    if (kinds.length === 0) throw new InvalidInputError('name at least one sensor kind');
    for (const k of kinds) {
      if (!(SENSOR_KINDS as readonly string[]).includes(k)) {
        throw new InvalidInputError(
          `unknown sensor kind "${k.slice(0, 40)}": use ${SENSOR_KINDS.join(', ')}`,
        );
      }
    }
    const purpose = requireText('purpose', input.purpose);
    const legalBasis = requireText('legal basis', input.legalBasis);
    const until = parseUntil(input.until, this.clock());
    const level = (input.level ?? 'readings') as SharingLevel;
    if (!SHARING_LEVELS.includes(level)) {
      throw new InvalidInputError(
        `level must be readings or aggregates; got "${String(input.level).slice(0, 40)}"`,
      );
    }
    await registerMunicipality(this.store, this.directory, grantee);
    const agreementId = randomUUID();
    const data: SharingGranted = {
      agreementId,
      lab,
      owner,
      grantee,
      kinds,
      purpose,
      legalBasis,
      until,
      level,
      grantedAt: this.clock().toISOString(),
      grantedBy: by.subject,
    };
    const result = await this.store.appendToStream(
      agreementStream(agreementId),
      [{ id: randomUUID(), type: SHARING_GRANTED, data }],
      { expectedRevision: 'no_stream' },
    );
    await this.directory.waitForPosition(result.position);
    return this.get(agreementId);
  }

  async revoke(agreementId: string, by: Principal): Promise<Agreement> {
    const agreement = this.get(agreementId);
    this.requireOwnerOrAdmin(by, agreement.owner, `revoke agreement ${agreementId}`);
    if (agreement.revokedAt !== undefined) {
      throw new InvalidInputError(
        `agreement ${agreementId} was already revoked at ${agreement.revokedAt}`,
      );
    }
    const data: SharingRevoked = {
      agreementId,
      revokedAt: this.clock().toISOString(),
      revokedBy: by.subject,
    };
    const result = await this.store.appendToStream(
      agreementStream(agreementId),
      [{ id: randomUUID(), type: SHARING_REVOKED, data }],
      { expectedRevision: 0 },
    );
    await this.directory.waitForPosition(result.position);
    return this.get(agreementId);
  }

  get(agreementId: string): Agreement {
    const a = this.directory.state.agreements.get(agreementId);
    if (!a) throw new NotFoundError(`no sharing agreement with id "${agreementId.slice(0, 80)}"`);
    return a;
  }

  private requireOwnerOrAdmin(by: Principal, owner: string, action: string): void {
    if (by.role === 'admin') return;
    if (by.role === 'municipality' && by.municipality === owner) return;
    throw new ActionForbiddenError(`only municipality "${owner}" (or an admin) may ${action}`);
  }
}

function requireText(name: string, value: string): string {
  const text = value.trim();
  if (text.length === 0) throw new InvalidInputError(`state the ${name}`);
  if (text.length > 500) throw new InvalidInputError(`${name} must be at most 500 characters`);
  return text;
}

/** `2026-12-31` means through the end of that UTC day; a date-time is the exclusive end. */
export function parseUntil(value: string, now: Date): string {
  let ms: number;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) ms = Date.parse(`${value}T00:00:00.000Z`) + 86_400_000;
  else if (/^\d{4}-\d{2}-\d{2}T/.test(value)) ms = Date.parse(value);
  else ms = Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new InvalidInputError(
      `until must be an ISO date (2026-12-31) or date-time; got "${value.slice(0, 40)}"`,
    );
  }
  if (ms <= now.getTime()) throw new InvalidInputError(`until ${value} is not in the future`);
  return new Date(ms).toISOString();
}
