import type { Principal } from '@hub/access';
import { ruleProvenance, validateRuleSet, type RuleSet } from '@hub/privacy';
import {
  GovernanceForbiddenError,
  GovernanceInputError,
  GovernanceNotFoundError,
  LifecycleConflictError,
  RuleSetRefusedError,
} from './governance-errors.js';
import {
  RULE_SET_ACTIVATED,
  RULE_SET_ACTIVATION_SCHEDULED,
  RULE_SET_APPROVED,
  RULE_SET_PROPOSED,
  RULE_SET_REJECTED,
  RULE_SET_RETIRED,
  RULE_SET_SUPERSEDED,
  RULE_SET_WITHDRAWN,
  type Actor,
  type RuleEvent,
} from './rule-events.js';
import { highestVersion, type LabRuleHistory, type RuleVersion } from './rule-history.js';
import { samePerson } from './same-person.js';

/** What a decision needs besides the history: who asks, who owns the lab, and the time. */
export interface DecisionContext {
  readonly principal: Principal;
  /** The municipality that owns the lab (from the registry's LabCreated), if known. */
  readonly owner: string | undefined;
  readonly now: Date;
}

/** Furthest ahead an activation may be scheduled. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3600 * 1000;
const MAX_TEXT = 2000;

export const actorOf = (p: Principal): Actor => ({
  subject: p.subject,
  role: p.role,
  tokenId: p.tokenId,
  ...(p.municipality !== undefined && { municipality: p.municipality }),
  ...(p.holder !== undefined && { holder: p.holder }),
});

function text(field: string, value: unknown, max = MAX_TEXT, label = field): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (s.length === 0) {
    throw new GovernanceInputError(
      'MISSING_FIELD',
      `${label} is required (say why, in words)`,
      field,
    );
  }
  if (s.length > max) {
    throw new GovernanceInputError(
      'FIELD_TOO_LONG',
      `${label} must be at most ${max} characters`,
      field,
    );
  }
  return s;
}

/** A privacy officer of the lab's owning municipality; nobody else, admins included. */
function requireOwnersOfficer(ctx: DecisionContext, lab: string, action: string): void {
  const p = ctx.principal;
  if (p.role !== 'privacy-officer') {
    throw new GovernanceForbiddenError(
      'ROLE_NOT_ALLOWED',
      `only a privacy officer of the municipality that owns lab "${lab}" may ${action}; this is a ${p.role} token`,
    );
  }
  requireOwnerKnown(ctx, lab);
  if (p.municipality !== ctx.owner) {
    throw new GovernanceForbiddenError(
      'OUT_OF_SCOPE',
      `lab "${lab}" belongs to "${ctx.owner}"; a privacy officer of "${p.municipality ?? '?'}" may not ${action}`,
    );
  }
}

function requireOwnerKnown(ctx: DecisionContext, lab: string): void {
  if (ctx.owner === undefined) {
    throw new GovernanceForbiddenError(
      'LAB_OWNER_UNKNOWN',
      `lab "${lab}" has no owning municipality in the registry; an admin must create it first (createLab)`,
    );
  }
}

/** Admins (operators) or the owner's privacy officers: steps that add no exposure of their own. */
function requireOfficerOrAdmin(ctx: DecisionContext, lab: string, action: string): void {
  if (ctx.principal.role === 'admin') return;
  requireOwnersOfficer(ctx, lab, action);
}

function versionOf(h: LabRuleHistory, version: number): RuleVersion {
  const v = h.versions.get(version);
  if (!v) {
    throw new GovernanceNotFoundError(
      'UNKNOWN_VERSION',
      `lab "${h.lab}" has no rule set version ${version}`,
    );
  }
  return v;
}

/** Rejection, withdrawal and retirement: who closed the version, why and when. */
function closingEvent(
  type: typeof RULE_SET_REJECTED | typeof RULE_SET_WITHDRAWN | typeof RULE_SET_RETIRED,
  h: LabRuleHistory,
  version: number,
  reason: unknown,
  ctx: DecisionContext,
): RuleEvent {
  return {
    type,
    data: {
      lab: h.lab,
      version,
      by: actorOf(ctx.principal),
      reason: text('reason', reason),
      at: ctx.now.toISOString(),
    },
  };
}

/** Validates rule content again: stored content is re-checked at every step that can expose it. */
export function validatedContent(content: unknown, lab: string, minVersion?: number): RuleSet {
  const result = validateRuleSet(content);
  if (!result.ok) throw new RuleSetRefusedError(result.issues);
  const issues = [];
  if (result.ruleSet.lab !== lab) {
    issues.push({ path: '$.lab', reason: `must be "${lab}", the lab this proposal is for` });
  }
  if (minVersion !== undefined && result.ruleSet.version < minVersion) {
    issues.push({
      path: '$.version',
      reason: `must be at least ${minVersion} (higher than every version of lab "${lab}" so far)`,
    });
  }
  if (issues.length > 0) throw new RuleSetRefusedError(issues);
  return result.ruleSet;
}

export interface ProposeInput {
  readonly lab: string;
  readonly content: unknown;
  readonly reason: unknown;
  readonly reference: unknown;
}

export function decidePropose(
  h: LabRuleHistory,
  input: ProposeInput,
  ctx: DecisionContext,
): RuleEvent {
  const p = ctx.principal;
  if (p.role === 'partner') {
    if (p.lab !== input.lab) {
      throw new GovernanceForbiddenError(
        'OUT_OF_SCOPE',
        `a partner token of lab "${p.lab ?? '?'}" may not propose rules for lab "${input.lab}"`,
      );
    }
  } else if (p.role === 'privacy-officer') {
    requireOwnersOfficer(ctx, input.lab, 'propose rules for it');
  } else {
    throw new GovernanceForbiddenError(
      'ROLE_NOT_ALLOWED',
      `only partners of the lab and privacy officers of its municipality may propose rules; this is a ${p.role} token`,
    );
  }
  const reason = text('reason', input.reason);
  const reference = text('reference', input.reference, 200, 'reference (DPIA or ticket)');
  const ruleSet = validatedContent(input.content, input.lab, highestVersion(h) + 1);
  return {
    type: RULE_SET_PROPOSED,
    data: {
      lab: input.lab,
      version: ruleSet.version,
      ruleSetId: ruleSet.id,
      hash: ruleProvenance(ruleSet).hash,
      content: ruleSet,
      author: actorOf(p),
      reason,
      reference,
      at: ctx.now.toISOString(),
    },
  };
}

export function decideApprove(
  h: LabRuleHistory,
  version: number,
  note: string | undefined,
  ctx: DecisionContext,
): RuleEvent {
  requireOwnersOfficer(ctx, h.lab, 'approve its rules');
  const v = versionOf(h, version);
  if (v.status !== 'proposed') {
    throw new LifecycleConflictError(
      'NOT_PROPOSED',
      `version ${version} of lab "${h.lab}" is ${v.status}; only a proposed version can be approved`,
    );
  }
  // Four eyes means two persons, not two tokens: one person may hold several tokens.
  if (v.author !== undefined && samePerson(v.author, ctx.principal)) {
    // Said to the person refused, so it tells them what to do next, not just what went wrong.
    const who =
      v.author.holder !== undefined
        ? `you proposed version ${version} (the same person, holder "${v.author.holder}")`
        : `you proposed version ${version} yourself`;
    throw new GovernanceForbiddenError(
      'SELF_APPROVAL',
      `${who}; a second privacy officer of "${ctx.owner}" must approve it (four eyes)`,
    );
  }
  validatedContent(v.content, h.lab);
  const trimmed = note?.trim();
  if (trimmed !== undefined && trimmed.length > MAX_TEXT) {
    throw new GovernanceInputError(
      'FIELD_TOO_LONG',
      `note must be at most ${MAX_TEXT} characters`,
      'note',
    );
  }
  return {
    type: RULE_SET_APPROVED,
    data: {
      lab: h.lab,
      version,
      hash: v.hash,
      approver: actorOf(ctx.principal),
      ...(trimmed ? { note: trimmed } : {}),
      at: ctx.now.toISOString(),
    },
  };
}

export function decideReject(
  h: LabRuleHistory,
  version: number,
  reason: unknown,
  ctx: DecisionContext,
): RuleEvent {
  requireOwnersOfficer(ctx, h.lab, 'reject its proposals');
  const v = versionOf(h, version);
  if (v.status !== 'proposed') {
    throw new LifecycleConflictError(
      'NOT_PROPOSED',
      `version ${version} of lab "${h.lab}" is ${v.status}; only a proposed version can be rejected`,
    );
  }
  return closingEvent(RULE_SET_REJECTED, h, version, reason, ctx);
}

export function decideWithdraw(
  h: LabRuleHistory,
  version: number,
  reason: unknown,
  ctx: DecisionContext,
): RuleEvent {
  const v = versionOf(h, version);
  if (v.author === undefined || !samePerson(v.author, ctx.principal)) {
    requireOwnersOfficer(ctx, h.lab, 'withdraw a proposal of someone else');
  }
  if (v.status !== 'proposed' && v.status !== 'approved' && v.status !== 'scheduled') {
    throw new LifecycleConflictError(
      'NOT_OPEN',
      `version ${version} of lab "${h.lab}" is ${v.status}; only a version not yet in force can be withdrawn`,
    );
  }
  return closingEvent(RULE_SET_WITHDRAWN, h, version, reason, ctx);
}

export function decideScheduleActivation(
  h: LabRuleHistory,
  version: number,
  effectiveAt: string | undefined,
  ctx: DecisionContext,
): RuleEvent {
  requireOfficerOrAdmin(ctx, h.lab, 'activate its rules');
  const v = versionOf(h, version);
  if (v.status !== 'approved') {
    throw new LifecycleConflictError(
      'NOT_APPROVED',
      v.status === 'proposed'
        ? `version ${version} of lab "${h.lab}" is not approved: a privacy officer of the owning municipality other than its author must approve it first`
        : `version ${version} of lab "${h.lab}" is ${v.status}; only an approved version can be activated`,
    );
  }
  if (h.active !== undefined && version < h.active) {
    throw new LifecycleConflictError(
      'OUTDATED',
      `version ${version} is older than the active version ${h.active}; to go back, propose the old content as a new version`,
    );
  }
  let when = ctx.now.getTime();
  if (effectiveAt !== undefined) {
    const parsed = Date.parse(effectiveAt);
    if (!Number.isFinite(parsed)) {
      throw new GovernanceInputError(
        'BAD_TIME',
        'effectiveAt must be an ISO 8601 time, e.g. 2026-07-01T06:00:00Z',
        'effectiveAt',
      );
    }
    if (parsed - when > MAX_SCHEDULE_AHEAD_MS) {
      throw new GovernanceInputError(
        'BAD_TIME',
        'effectiveAt may be at most one year ahead',
        'effectiveAt',
      );
    }
    when = Math.max(when, parsed);
  }
  validatedContent(v.content, h.lab);
  return {
    type: RULE_SET_ACTIVATION_SCHEDULED,
    data: {
      lab: h.lab,
      version,
      effectiveAt: new Date(when).toISOString(),
      by: actorOf(ctx.principal),
      at: ctx.now.toISOString(),
    },
  };
}

export function decideRetire(
  h: LabRuleHistory,
  version: number,
  reason: unknown,
  ctx: DecisionContext,
): RuleEvent {
  requireOfficerOrAdmin(ctx, h.lab, 'retire its rules');
  const v = versionOf(h, version);
  if (v.status !== 'active') {
    throw new LifecycleConflictError(
      'NOT_ACTIVE',
      `version ${version} of lab "${h.lab}" is ${v.status}; only the active version can be retired`,
    );
  }
  return closingEvent(RULE_SET_RETIRED, h, version, reason, ctx);
}

/** The switch at the effective time: the new version becomes active, the old one superseded. */
export function decideActivation(h: LabRuleHistory, v: RuleVersion, now: Date): RuleEvent[] {
  const at = now.toISOString();
  const events: RuleEvent[] = [
    {
      type: RULE_SET_ACTIVATED,
      data: { lab: h.lab, version: v.version, hash: v.hash, effectiveAt: v.effectiveAt ?? at, at },
    },
  ];
  if (h.active !== undefined && h.active !== v.version) {
    events.unshift({
      type: RULE_SET_SUPERSEDED,
      data: { lab: h.lab, version: h.active, supersededBy: v.version, at },
    });
  }
  return events;
}
