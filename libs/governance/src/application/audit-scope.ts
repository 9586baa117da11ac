import type { Principal } from '@hub/access';
import { GovernanceForbiddenError } from '../domain/governance-errors.js';

/**
 * Who may read a lab's rule history and audit: admins, privacy officers of the municipality that
 * owns the lab, and (for the rule versions only) partners of the lab, who write proposals.
 */
export function requireAuditor(
  principal: Principal,
  lab: string,
  owner: string | undefined,
  allowPartner = false,
): void {
  if (principal.role === 'admin') return;
  if (allowPartner && principal.role === 'partner' && principal.lab === lab) return;
  if (principal.role !== 'privacy-officer') {
    throw new GovernanceForbiddenError(
      'ROLE_NOT_ALLOWED',
      `the privacy audit of lab "${lab}" is for privacy officers of its municipality; this is a ${principal.role} token`,
    );
  }
  if (owner === undefined || principal.municipality !== owner) {
    throw new GovernanceForbiddenError(
      'OUT_OF_SCOPE',
      `lab "${lab}" does not belong to "${principal.municipality ?? '?'}"`,
    );
  }
}

/** Labs the principal may audit, of those given. */
export function auditableLabs(
  principal: Principal,
  labs: readonly string[],
  ownerOf: (lab: string) => string | undefined,
): string[] {
  if (principal.role === 'admin') return [...labs];
  if (principal.role !== 'privacy-officer') return [];
  return labs.filter((lab) => ownerOf(lab) === principal.municipality);
}

/** Hub-wide audit facts with no lab (keys, retention, scans): admins and privacy officers. */
export function requireOfficerOrAdmin(principal: Principal, what: string): void {
  if (principal.role === 'admin' || principal.role === 'privacy-officer') return;
  throw new GovernanceForbiddenError(
    'ROLE_NOT_ALLOWED',
    `${what} is for privacy officers and admins; this is a ${principal.role} token`,
  );
}
