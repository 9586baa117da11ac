import { HubError } from '@hub/contracts';

/**
 * Base of the registry's refusals (the hub's error model, `HubError`): `code` is the class of
 * refusal a client switches on, `reason` says exactly which (`INVALID_ID`, `UNKNOWN_LAB`, ...).
 */
export abstract class RegistryError extends HubError {
  abstract override readonly code: 'BAD_USER_INPUT' | 'FORBIDDEN' | 'CONFLICT';
  abstract override readonly reason: string;
}

export class InvalidIdError extends RegistryError {
  readonly code = 'BAD_USER_INPUT';
  readonly reason = 'INVALID_ID';
  constructor(
    readonly kind: string,
    value: string,
  ) {
    super(
      `${kind} id "${value.slice(0, 80)}" is not valid: use 1 to 64 lowercase letters, digits, "-" and "_", starting with a letter or digit`,
    );
  }
}

/** A position outside WGS84's ranges, or not a finite number. */
export class InvalidPositionError extends RegistryError {
  readonly code = 'BAD_USER_INPUT';
  readonly reason = 'INVALID_POSITION';
  constructor(
    override readonly field: 'lat' | 'lon',
    value: number,
  ) {
    const range = field === 'lat' ? '-90 to 90' : '-180 to 180';
    super(
      `${field} ${String(value)} is not a WGS84 ${field === 'lat' ? 'latitude' : 'longitude'}: use decimal degrees from ${range}`,
    );
  }
}

export class UnknownLabError extends RegistryError {
  readonly code = 'BAD_USER_INPUT';
  readonly reason = 'UNKNOWN_LAB';
  constructor(readonly lab: string) {
    super(`lab "${lab}" does not exist; create it first (hubctl lab create --id ${lab} ...)`);
  }
}

export class LabExistsError extends RegistryError {
  readonly code = 'BAD_USER_INPUT';
  readonly reason = 'LAB_EXISTS';
  constructor(
    readonly lab: string,
    readonly municipality: string,
  ) {
    super(`lab "${lab}" already exists (municipality "${municipality}")`);
  }
}

export class UnknownLamppostError extends RegistryError {
  readonly code = 'BAD_USER_INPUT';
  readonly reason = 'UNKNOWN_LAMPPOST';
  constructor(
    readonly lab: string,
    readonly lamppost: string,
  ) {
    super(`lamppost "${lamppost}" is not provisioned in lab "${lab}"`);
  }
}

export class LamppostExistsError extends RegistryError {
  readonly code = 'BAD_USER_INPUT';
  readonly reason = 'LAMPPOST_EXISTS';
  constructor(
    readonly lab: string,
    readonly lamppost: string,
  ) {
    super(
      `lamppost "${lamppost}" in lab "${lab}" is already provisioned; rotate its credentials instead`,
    );
  }
}

export class AlreadyRevokedError extends RegistryError {
  readonly code = 'BAD_USER_INPUT';
  readonly reason = 'ALREADY_REVOKED';
  constructor(
    readonly lab: string,
    readonly lamppost: string,
  ) {
    super(
      `the credentials of lamppost "${lamppost}" in lab "${lab}" are already revoked; rotate to issue new ones`,
    );
  }
}

export class LamppostDecommissionedError extends RegistryError {
  readonly code = 'BAD_USER_INPUT';
  readonly reason = 'LAMPPOST_DECOMMISSIONED';
  constructor(
    readonly lab: string,
    readonly lamppost: string,
  ) {
    super(`lamppost "${lamppost}" in lab "${lab}" is decommissioned; its id cannot be used again`);
  }
}

/** The caller's token does not allow this change (admin, or a partner of that lab). */
export class RegistryForbiddenError extends RegistryError {
  readonly code = 'FORBIDDEN';
  readonly reason = 'FORBIDDEN';
  constructor(message: string) {
    super(message);
  }
}

/** Someone else changed the same lab or lamppost at the same moment; retrying is safe. */
export class RegistryConflictError extends RegistryError {
  readonly code = 'CONFLICT';
  readonly reason = 'CONFLICT';
  constructor(what: string, options?: { cause?: unknown }) {
    super(`${what} was changed concurrently; try again`, options);
  }
}
