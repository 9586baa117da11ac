import type { Principal } from '@hub/access';
import { RegistryForbiddenError } from '../domain/registry-errors.js';
import type { Actor } from '../domain/registry-events.js';

/**
 * The lab a `partner` token is scoped to. Scoped tokens come with the municipality-feeds work
 * (libs/access); the scope is read structurally (`scope.lab`, else `lab`) so this check works
 * for admins today and for partners as soon as their tokens carry a lab.
 */
function partnerLab(principal: Principal): string | undefined {
  const p = principal as Principal & { scope?: { lab?: unknown }; lab?: unknown };
  const lab = p.scope?.lab ?? p.lab;
  return typeof lab === 'string' ? lab : undefined;
}

/** Admins manage every lab; a partner manages the devices of the one lab its token names. */
export const mayManageLab = (principal: Principal, lab: string): boolean =>
  principal.role === 'admin' || (principal.role === 'partner' && partnerLab(principal) === lab);

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
