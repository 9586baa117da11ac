import type { RuleSet } from '@hub/privacy';
import {
  RULE_SET_ACTIVATED,
  RULE_SET_ACTIVATION_SCHEDULED,
  RULE_SET_APPROVED,
  RULE_SET_BOOTSTRAPPED,
  RULE_SET_PROPOSED,
  RULE_SET_REJECTED,
  RULE_SET_RETIRED,
  RULE_SET_SUPERSEDED,
  RULE_SET_WITHDRAWN,
  type Actor,
  type RuleEvent,
} from './rule-events.js';

export type VersionStatus =
  | 'proposed'
  | 'approved'
  | 'scheduled'
  | 'active'
  | 'superseded'
  | 'retired'
  | 'rejected'
  | 'withdrawn';

/** One rule set version of a lab, as its events describe it. */
export interface RuleVersion {
  readonly lab: string;
  readonly version: number;
  readonly ruleSetId: string;
  readonly hash: string;
  readonly content: RuleSet;
  status: VersionStatus;
  /** True for the shipped rule file recorded at first start (no four-eyes review). */
  readonly bootstrap: boolean;
  readonly source?: string;
  readonly author?: Actor;
  readonly reason?: string;
  readonly reference?: string;
  readonly proposedAt: string;
  approver?: Actor;
  approvalNote?: string;
  approvedAt?: string;
  effectiveAt?: string;
  scheduledBy?: Actor;
  activatedAt?: string;
  supersededAt?: string;
  supersededBy?: number;
  closedBy?: Actor;
  closedReason?: string;
  closedAt?: string;
}

/** A lab's rule history: the fold of its chain. */
export interface LabRuleHistory {
  readonly lab: string;
  readonly versions: Map<number, RuleVersion>;
  active?: number;
  /** Last event of the chain (type and stored data): the next event links to it. */
  last?: { type: string; data: unknown };
  /** Revision of the last event (for optimistic concurrency), -1 when empty. */
  revision: number;
}

export const emptyHistory = (lab: string): LabRuleHistory => ({
  lab,
  versions: new Map(),
  revision: -1,
});

export const highestVersion = (h: LabRuleHistory): number => Math.max(0, ...h.versions.keys());

/** What a bootstrapped and a proposed version both start from. */
const baseVersion = (e: {
  lab: string;
  version: number;
  ruleSetId: string;
  hash: string;
  content: RuleVersion['content'];
  at: string;
}) => ({
  lab: e.lab,
  version: e.version,
  ruleSetId: e.ruleSetId,
  hash: e.hash,
  content: e.content,
  proposedAt: e.at,
});

const CLOSED_STATUS = {
  [RULE_SET_REJECTED]: 'rejected',
  [RULE_SET_WITHDRAWN]: 'withdrawn',
  [RULE_SET_RETIRED]: 'retired',
} as const;

/** Applies one event (pure apart from mutating `h`, which the caller owns). */
export function applyRuleEvent(h: LabRuleHistory, event: RuleEvent): void {
  const v = h.versions.get(event.data.version);
  switch (event.type) {
    case RULE_SET_BOOTSTRAPPED: {
      const e = event.data;
      h.versions.set(e.version, {
        ...baseVersion(e),
        status: 'active',
        bootstrap: true,
        source: e.source,
        approvedAt: e.at,
        effectiveAt: e.at,
        activatedAt: e.at,
      });
      h.active = e.version;
      break;
    }
    case RULE_SET_PROPOSED: {
      const e = event.data;
      h.versions.set(e.version, {
        ...baseVersion(e),
        status: 'proposed',
        bootstrap: false,
        author: e.author,
        reason: e.reason,
        reference: e.reference,
      });
      break;
    }
    case RULE_SET_APPROVED:
      if (v) {
        v.status = 'approved';
        v.approver = event.data.approver;
        v.approvedAt = event.data.at;
        if (event.data.note !== undefined) v.approvalNote = event.data.note;
      }
      break;
    case RULE_SET_REJECTED:
    case RULE_SET_WITHDRAWN:
    case RULE_SET_RETIRED:
      if (v) {
        v.status = CLOSED_STATUS[event.type];
        v.closedBy = event.data.by;
        v.closedReason = event.data.reason;
        v.closedAt = event.data.at;
        if (event.type === RULE_SET_RETIRED && h.active === v.version) h.active = undefined;
      }
      break;
    case RULE_SET_ACTIVATION_SCHEDULED:
      if (v) {
        v.status = 'scheduled';
        v.effectiveAt = event.data.effectiveAt;
        v.scheduledBy = event.data.by;
      }
      break;
    case RULE_SET_ACTIVATED:
      if (v) {
        v.status = 'active';
        v.activatedAt = event.data.at;
        v.effectiveAt = event.data.effectiveAt;
        h.active = v.version;
      }
      break;
    case RULE_SET_SUPERSEDED:
      if (v) {
        v.status = 'superseded';
        v.supersededAt = event.data.at;
        v.supersededBy = event.data.supersededBy;
      }
      break;
    default: {
      const never: never = event;
      return never;
    }
  }
}

/** The version in force, if any. */
export const activeVersion = (h: LabRuleHistory): RuleVersion | undefined =>
  h.active === undefined ? undefined : h.versions.get(h.active);

/** Scheduled versions whose effective time has come, earliest first. */
export function dueActivations(h: LabRuleHistory, nowMs: number): RuleVersion[] {
  return [...h.versions.values()]
    .filter((v) => v.status === 'scheduled' && Date.parse(v.effectiveAt ?? '') <= nowMs)
    .sort((a, b) => Date.parse(a.effectiveAt ?? '') - Date.parse(b.effectiveAt ?? ''));
}

/** The earliest pending effective time (ms), if any. */
export function nextEffectiveAt(h: LabRuleHistory): number | undefined {
  const times = [...h.versions.values()]
    .filter((v) => v.status === 'scheduled')
    .map((v) => Date.parse(v.effectiveAt ?? ''));
  return times.length === 0 ? undefined : Math.min(...times);
}
