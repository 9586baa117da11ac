/** The GraphQL documents `hubctl privacy rules` sends (one place, so every command shows the same fields). */

const ACTOR = 'name holder role';

export const VERSION_FIELDS = `lab version ruleSetId status bootstrap hash reason reference
  author { ${ACTOR} } proposedAt approver { ${ACTOR} } approvalNote approvedAt
  effectiveAt activatedAt supersededAt closedBy { ${ACTOR} } closedReason closedAt summary`;

export const VERSIONS = `query ($lab: String!) { ruleSetVersions(lab: $lab) { ${VERSION_FIELDS} } }`;
export const VERSIONS_WITH_CONTENT = `query ($lab: String!) {
  ruleSetVersions(lab: $lab) { ${VERSION_FIELDS} content }
}`;

export const PROPOSE = `mutation ($input: ProposeRuleSetInput!) {
  proposeRuleSet(input: $input) { ${VERSION_FIELDS} }
}`;
export const APPROVE = `mutation ($lab: String!, $version: Int!, $note: String) {
  approveRuleSet(lab: $lab, version: $version, note: $note) { ${VERSION_FIELDS} }
}`;
export const REJECT = `mutation ($lab: String!, $version: Int!, $reason: String!) {
  rejectRuleSet(lab: $lab, version: $version, reason: $reason) { ${VERSION_FIELDS} }
}`;
export const WITHDRAW = `mutation ($lab: String!, $version: Int!, $reason: String!) {
  withdrawRuleSet(lab: $lab, version: $version, reason: $reason) { ${VERSION_FIELDS} }
}`;
export const ACTIVATE = `mutation ($lab: String!, $version: Int!, $effectiveAt: String) {
  activateRuleSet(lab: $lab, version: $version, effectiveAt: $effectiveAt) { ${VERSION_FIELDS} }
}`;

export const DRY_RUN = `query ($input: DryRunInput!) {
  privacyDryRun(input: $input) {
    lab activeVersion proposalVersion newlyExposed newlyDropped changes
    samples {
      index kind lamppost source newlyExposed newlyDropped changes
      active { outcome code readings dropped }
      proposal { outcome code readings dropped }
    }
  }
}`;

export interface ActorJson {
  name: string;
  holder: string | null;
  role: string;
}

export interface VersionJson {
  lab: string;
  version: number;
  ruleSetId: string;
  status: string;
  bootstrap: boolean;
  hash: string;
  reason: string | null;
  reference: string | null;
  author: ActorJson | null;
  proposedAt: string;
  approver: ActorJson | null;
  approvalNote: string | null;
  approvedAt: string | null;
  effectiveAt: string | null;
  activatedAt: string | null;
  supersededAt: string | null;
  closedBy: ActorJson | null;
  closedReason: string | null;
  closedAt: string | null;
  summary: string[];
  content?: unknown;
}

export interface DryRunJson {
  lab: string;
  activeVersion: number | null;
  proposalVersion: number;
  newlyExposed: string[];
  newlyDropped: string[];
  changes: string[];
  samples: { index: number; kind: string; lamppost: string; changes: string[] }[];
}
