import { mayManageLab, mayReadDevices, type Principal } from '@hub/access';
import { RegistryForbiddenError } from '../domain/registry-errors.js';
import type { Actor } from '@hub/contracts';

/**
 * Admins manage every lab; a partner manages the devices of the one lab its token is scoped to.
 * The rule is the audience module's (@hub/access audience.ts), like every other read decision.
 */
export { mayManageLab, mayReadDevices };

/** Listing a lab's devices: also the municipality that owns it (read only). */
export function assertMayReadDevices(
  principal: Principal,
  lab: string,
  owner: string | undefined,
): void {
  if (!mayReadDevices(principal, lab, owner)) {
    throw new RegistryForbiddenError(
      `${principal.role} "${principal.subject}" may not read the devices of lab "${lab}": an admin token, a partner token for that lab or a token of the municipality that owns it is needed`,
    );
  }
}

export function assertMayManageLab(principal: Principal, lab: string): void {
  if (!mayManageLab(principal, lab)) {
    throw new RegistryForbiddenError(
      `${principal.role} "${principal.subject}" may not manage the devices of lab "${lab}": an admin token or a partner token for that lab is needed`,
    );
  }
}

export function assertMayCreateLab(principal: Principal): void {
  if (principal.role !== 'admin') {
    throw new RegistryForbiddenError(
      `${principal.role} "${principal.subject}" may not create labs: an admin token is needed`,
    );
  }
}

/** What the event metadata records about the caller (never the token). */
export const actorOf = (principal: Principal): Actor => ({
  role: principal.role,
  subject: principal.subject,
});
