import { decideAudit, type Principal } from '@hub/access';
import { GovernanceForbiddenError } from '../domain/governance-errors.js';

/**
 * Governance's audit reads ask the one audience decision (@hub/access audience.ts, decideAudit)
 * and turn its refusal into a governance error. Admins read every audit; privacy officers only
 * the labs their municipality owns; partners (for rule versions only) their own lab.
 */
export function requireAuditor(
  principal: Principal,
  lab: string,
  owner: string | undefined,
  allowPartner = false,
): void {
  const refusal = decideAudit(principal, { lab, owner }, 'the privacy audit', allowPartner);
  if (refusal) throw new GovernanceForbiddenError(refusal.reason, refusal.message);
}

/** Labs the principal may audit, of those given. */
export function auditableLabs(
  principal: Principal,
  labs: readonly string[],
  ownerOf: (lab: string) => string | undefined,
): string[] {
  return labs.filter(
    (lab) =>
      decideAudit(principal, { lab, owner: ownerOf(lab) }, 'the privacy audit') === undefined,
  );
}

/**
 * An audit that is either hub-wide (`lab` absent: admins only) or of one lab (admins and the
 * privacy officers of the lab's municipality).
 */
export function requireAuditScope(
  principal: Principal,
  lab: string | undefined,
  ownerOf: (lab: string) => string | undefined,
  what: string,
): void {
  const refusal = decideAudit(
    principal,
    lab === undefined ? 'hub' : { lab, owner: ownerOf(lab) },
    what,
  );
  if (refusal) throw new GovernanceForbiddenError(refusal.reason, refusal.message);
}
