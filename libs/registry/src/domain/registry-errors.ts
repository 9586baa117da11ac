/** Base of the registry's refusals; `code` is stable and machine-readable. */
export abstract class RegistryError extends Error {
  abstract readonly code: string;
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    // Every subclass is named after itself in logs and stack traces.
    this.name = new.target.name;
  }
}

export class InvalidIdError extends RegistryError {
  readonly code = 'INVALID_ID';
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
  readonly code = 'INVALID_POSITION';
  constructor(
    readonly field: 'lat' | 'lon',
    value: number,
  ) {
    const range = field === 'lat' ? '-90 to 90' : '-180 to 180';
    super(
      `${field} ${String(value)} is not a WGS84 ${field === 'lat' ? 'latitude' : 'longitude'}: use decimal degrees from ${range}`,
    );
  }
}

export class UnknownLabError extends RegistryError {
  readonly code = 'UNKNOWN_LAB';
  constructor(readonly lab: string) {
    super(`lab "${lab}" does not exist; create it first (hubctl lab create --id ${lab} ...)`);
  }
}

export class LabExistsError extends RegistryError {
  readonly code = 'LAB_EXISTS';
  constructor(
    readonly lab: string,
    readonly municipality: string,
  ) {
    super(`lab "${lab}" already exists (municipality "${municipality}")`);
  }
}

export class UnknownLamppostError extends RegistryError {
  readonly code = 'UNKNOWN_LAMPPOST';
  constructor(
    readonly lab: string,
    readonly lamppost: string,
  ) {
    super(`lamppost "${lamppost}" is not provisioned in lab "${lab}"`);
  }
}

export class LamppostExistsError extends RegistryError {
  readonly code = 'LAMPPOST_EXISTS';
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
  readonly code = 'ALREADY_REVOKED';
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
  readonly code = 'LAMPPOST_DECOMMISSIONED';
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
  constructor(message: string) {
    super(message);
  }
}

/** Someone else changed the same lab or lamppost at the same moment; retrying is safe. */
export class RegistryConflictError extends RegistryError {
  readonly code = 'CONFLICT';
  constructor(what: string, options?: { cause?: unknown }) {
    super(`${what} was changed concurrently; try again`, options);
  }
}

export const isRegistryError = (e: unknown): e is RegistryError => e instanceof RegistryError;
