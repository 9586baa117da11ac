/** The GraphQL the desk sends, and the shapes it reads back (one place for every panel). */
import type { SensorKind } from '@hub/contracts';

export interface Actor {
  readonly name: string;
  readonly holder: string | null;
}

export type KindName = SensorKind;

export interface RuleContent {
  id: string;
  version: number;
  lab: string;
  description?: string;
  kinds: Partial<Record<KindName, Record<string, unknown>>>;
  [key: string]: unknown;
}

export interface RuleVersion {
  readonly version: number;
  readonly ruleSetId: string;
  readonly status: string;
  readonly bootstrap: boolean;
  readonly hash: string;
  readonly reason: string | null;
  readonly reference: string | null;
  readonly author: Actor | null;
  readonly proposedAt: string;
  readonly approver: Actor | null;
  readonly approvalNote: string | null;
  readonly approvedAt: string | null;
  readonly effectiveAt: string | null;
  readonly activatedAt: string | null;
  readonly supersededAt: string | null;
  readonly closedBy: Actor | null;
  readonly closedReason: string | null;
  readonly closedAt: string | null;
  readonly summary: readonly string[];
  readonly content: RuleContent;
}

export interface NameCount {
  readonly name: string;
  readonly count: number;
}

export interface VersionStats {
  readonly ruleKey: string;
  readonly version: number;
  readonly messagesFiltered: number;
  readonly readingsEmitted: number;
  readonly lateMessages: number;
  readonly shortWindowsDiscarded: number;
  readonly countsSuppressed: number;
  readonly messagesRejected: readonly NameCount[];
  readonly fieldsDropped: readonly NameCount[];
}

export interface ChainLab {
  readonly lab: string;
  readonly intact: boolean;
  readonly events: number;
  readonly head: string | null;
  readonly break: { readonly revision: number; readonly reason: string } | null;
}

/** The parts of the report (JSON) the desk shows: register entries and retention. */
export interface ReportJson {
  readonly sensors: readonly {
    kind: string;
    registered: boolean;
    purpose: string | null;
    legalGround: string | null;
    privacyStatement: string | null;
    activeUntil: string | null;
    contact: string | null;
  }[];
  readonly retention: { readonly policy: readonly string[] };
}

const ACTOR = 'name holder';

export const CHAIN = `query DeskChain {
  ruleChainVerification { intact labs { lab intact events head break { revision reason } } }
}`;

export const LAB_DATA = `query DeskLab($lab: String!) {
  ruleSetVersions(lab: $lab) {
    version ruleSetId status bootstrap hash reason reference author { ${ACTOR} } proposedAt
    approver { ${ACTOR} } approvalNote approvedAt effectiveAt activatedAt supersededAt
    closedBy { ${ACTOR} } closedReason closedAt summary content
  }
  ruleVersionStats(lab: $lab) {
    ruleKey version messagesFiltered readingsEmitted lateMessages shortWindowsDiscarded
    countsSuppressed messagesRejected { name count } fieldsDropped { name count }
  }
  privacyReport(lab: $lab, format: "json")
  ruleChainVerification(lab: $lab) { labs { lab intact events head break { revision reason } } }
}`;

export const WHO_AM_I = `query DeskWhoAmI { whatCanISee { role municipality holder } }`;

export const DIFF = `query DeskDiff($lab: String!, $from: Int!, $to: Int!) {
  ruleSetDiff(lab: $lab, from: $from, to: $to) { changes { path change before after description } }
}`;

export const PROPOSE = `mutation DeskPropose($input: ProposeRuleSetInput!) {
  proposeRuleSet(input: $input) { version status }
}`;

export const DRY_RUN = `query DeskDryRun($input: DryRunInput!) {
  privacyDryRun(input: $input) {
    activeVersion proposalVersion newlyExposed newlyDropped changes
    samples {
      index kind lamppost changes
      active { outcome code readings }
      proposal { outcome code readings }
    }
  }
}`;

export const APPROVE = `mutation DeskApprove($lab: String!, $version: Int!, $note: String) {
  approveRuleSet(lab: $lab, version: $version, note: $note) { version status }
}`;
export const REJECT = `mutation DeskReject($lab: String!, $version: Int!, $reason: String!) {
  rejectRuleSet(lab: $lab, version: $version, reason: $reason) { version status }
}`;
export const ACTIVATE = `mutation DeskActivate($lab: String!, $version: Int!, $effectiveAt: String) {
  activateRuleSet(lab: $lab, version: $version, effectiveAt: $effectiveAt) { version status effectiveAt }
}`;
export const REPORT = `query DeskReport($lab: String!, $format: String!) {
  privacyReport(lab: $lab, format: $format)
}`;
export const SET_REGISTER_ENTRY = `mutation DeskRegister($input: SensorRegisterEntryInput!) {
  setSensorRegisterEntry(input: $input) { kind at }
}`;

/** A holder compared as a person, as the hub's four-eyes check does (case, spacing, NFKC). */
export const holderKey = (holder: string): string =>
  holder.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
