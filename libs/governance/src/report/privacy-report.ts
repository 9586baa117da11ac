import type { ComplianceScanCompleted } from '../application/compliance-scan.js';
import type { Recipient, RetentionRun, VersionStats } from '../application/audit-service.js';
import type { ChainBreak } from '../domain/rule-chain.js';

/** One document for a DPIA annex and the Art. 30 register of processing activities. */
export interface PrivacyReport {
  readonly lab: string;
  readonly municipality: string | null;
  readonly generatedAt: string;
  readonly sensors: readonly {
    readonly kind: string;
    readonly registered: boolean;
    readonly purpose: string | null;
    readonly legalGround: string | null;
    readonly personalData: boolean;
    readonly personalDataNote: string;
    readonly privacyStatement: string | null;
    readonly activeUntil: string | null;
    readonly contact: string | null;
    readonly lampposts: number;
  }[];
  readonly dataCategories: readonly {
    readonly kind: string;
    readonly atTheLamppost: string;
    readonly stored: string;
  }[];
  readonly activeRules: {
    readonly version: number;
    readonly ruleSetId: string;
    readonly hash: string;
    readonly since: string | null;
    readonly lines: readonly string[];
  } | null;
  readonly retention: {
    readonly policy: readonly string[];
    readonly runs: readonly RetentionRun[];
  };
  readonly recipients: readonly Recipient[];
  readonly keyPolicy: {
    readonly lines: readonly string[];
    readonly created: number;
    readonly destroyed: number;
    readonly lastEvent: {
      readonly type: string;
      readonly keyId: string;
      readonly at: string;
    } | null;
  };
  readonly complianceScan: ComplianceScanCompleted | null;
  readonly ruleHistory: readonly {
    readonly version: number;
    readonly status: string;
    readonly hash: string;
    readonly author: string;
    readonly reason: string;
    readonly reference: string;
    readonly proposedAt: string;
    readonly approvedBy: string;
    readonly approvedAt: string | null;
    readonly effectiveAt: string | null;
    readonly endedAt: string | null;
    readonly closedReason: string | null;
  }[];
  readonly chain: {
    readonly intact: boolean;
    readonly events: number;
    readonly head: string | null;
    readonly break: ChainBreak | null;
  };
  readonly filterStats: readonly VersionStats[];
}

/** Section titles, in order; every rendering has all of them. */
export const REPORT_SECTIONS = [
  'Purposes and legal basis per sensor',
  'Categories of data',
  'Rules in force',
  'Retention',
  'Recipients',
  'Key policy',
  'Compliance scan',
  'Rule history and approvals',
  'Integrity of the rule history',
  'Filter statistics',
] as const;
