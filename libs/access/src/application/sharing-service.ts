import { randomUUID } from 'node:crypto';
import type { EventStore } from '@hub/event-store';
import { SENSOR_KINDS } from '@hub/contracts';
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
import { MAX_REQUEST_TEXT } from '../domain/sharing-request.js';
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

/** A grant as checked by `validate`: what SharingAgreementGranted records. */
export interface ValidGrant {
  readonly lab: string;
  readonly owner: string;
  readonly grantee: string;
  readonly kinds: readonly string[];
  readonly purpose: string;
  readonly legalBasis: string;
  readonly until: string;
  readonly level: SharingLevel;
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
    const owner = this.ownerOf(lab);
    this.requireOwnerOrAdmin(by, owner, `grant lab "${lab}"`);
    return this.createAgreement(this.validate(input, owner), by);
  }

  /** The owner of a registered lab, or NOT_FOUND. */
  ownerOf(lab: string): string {
    const owner = this.directory.state.labOwners.get(lab);
    if (owner === undefined) {
      throw new NotFoundError(
        `lab "${lab}" is not registered to any municipality; create it first`,
      );
    }
    return owner;
  }

  /** Checks a grant of a lab owned by `owner` (ids, kinds, texts, end, level); no side effect. */
  validate(input: GrantInput, owner: string): ValidGrant {
    const lab = assertId('lab', input.lab);
    const grantee = assertId('municipality', input.to);
    if (grantee === owner)
      throw new InvalidInputError(`lab "${lab}" already belongs to "${owner}"`, 'to', 'OWN_LAB');
    const kinds = [...new Set(input.kinds)];
    if (kinds.length === 0) throw new InvalidInputError('name at least one sensor kind', 'kinds');
    for (const k of kinds) {
      if (!(SENSOR_KINDS as readonly string[]).includes(k)) {
        throw new InvalidInputError(
          `unknown sensor kind "${k.slice(0, 40)}": use ${SENSOR_KINDS.join(', ')}`,
          'kinds',
        );
      }
    }
    const purpose = requireText('purpose', input.purpose);
    const legalBasis = requireText('legalBasis', input.legalBasis);
    const until = parseUntil(input.until, this.clock());
    const level = (input.level ?? 'readings') as SharingLevel;
    if (!SHARING_LEVELS.includes(level)) {
      throw new InvalidInputError(
        `level must be readings or aggregates; got "${String(input.level).slice(0, 40)}"`,
        'level',
      );
    }
    return { lab, owner, grantee, kinds, purpose, legalBasis, until, level };
  }

  /**
   * Records an agreement: the one path of `grantSharing` and of approving a sharing request
   * (which passes the agreement id it already named in its approval, and its own id).
   */
  async createAgreement(
    grant: ValidGrant,
    by: Principal,
    ids: { agreementId?: string; requestId?: string } = {},
  ): Promise<Agreement> {
    await registerMunicipality(this.store, this.directory, grant.grantee);
    const agreementId = ids.agreementId ?? randomUUID();
    const data: SharingGranted = {
      agreementId,
      ...grant,
      grantedAt: this.clock().toISOString(),
      grantedBy: by.subject,
      ...(ids.requestId !== undefined && { requestId: ids.requestId }),
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
    // The owner's privacy officer, who approves requests, may also end what it approved.
    const officer = by.role === 'privacy-officer' && by.municipality === agreement.owner;
    if (!officer) this.requireOwnerOrAdmin(by, agreement.owner, `revoke agreement ${agreementId}`);
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
    throw new ActionForbiddenError(
      `only municipality "${owner}" (or an admin${action.startsWith('revoke') ? ', or its privacy officer' : ''}) may ${action}`,
    );
  }
}

/** A required free text of at most MAX_REQUEST_TEXT characters, trimmed; `name` is its field. */
export function requireText(name: string, value: string): string {
  const text = value.trim();
  if (text.length === 0) throw new InvalidInputError(`state the ${name}`, name, 'MISSING_FIELD');
  if (text.length > MAX_REQUEST_TEXT) {
    throw new InvalidInputError(
      `${name} must be at most ${MAX_REQUEST_TEXT} characters; got ${text.length}`,
      name,
      'FIELD_TOO_LONG',
    );
  }
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
      'until',
    );
  }
  if (ms <= now.getTime()) {
    throw new InvalidInputError(`until ${value.slice(0, 40)} is not in the future`, 'until');
  }
  return new Date(ms).toISOString();
}
