import type { Actor } from '../domain/rule-events.js';
import type { RuleVersion } from '../domain/rule-history.js';
import { describeRuleSet } from '../domain/plain-words.js';
import { nameOf } from '../domain/same-person.js';
import type { GovernanceActor, RuleSetVersion } from './rule-version.models.js';

const date = (iso: string | undefined): Date | null => (iso ? new Date(iso) : null);

export const toActor = (a: Actor | undefined): GovernanceActor | null =>
  a
    ? { ...a, municipality: a.municipality ?? null, holder: a.holder ?? null, name: nameOf(a) }
    : null;

export const toRuleSetVersion = (v: RuleVersion): RuleSetVersion => ({
  lab: v.lab,
  version: v.version,
  ruleSetId: v.ruleSetId,
  hash: v.hash,
  status: v.status,
  bootstrap: v.bootstrap,
  source: v.source ?? null,
  author: toActor(v.author),
  reason: v.reason ?? null,
  reference: v.reference ?? null,
  proposedAt: new Date(v.proposedAt),
  approver: toActor(v.approver),
  approvalNote: v.approvalNote ?? null,
  approvedAt: date(v.approvedAt),
  effectiveAt: date(v.effectiveAt),
  activatedAt: date(v.activatedAt),
  supersededAt: date(v.supersededAt),
  closedBy: toActor(v.closedBy),
  closedReason: v.closedReason ?? null,
  closedAt: date(v.closedAt),
  summary: describeRuleSet(v.content),
  content: v.content,
});
