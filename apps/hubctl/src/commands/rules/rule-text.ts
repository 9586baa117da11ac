import type { DryRunJson, VersionJson } from './rule-queries.js';

/** Human-readable lines for `hubctl privacy rules` (without --json). */

const who = (v: VersionJson): string =>
  v.bootstrap ? 'shipped rule file (no four-eyes review)' : (v.author?.name ?? '-');

export const versionLine = (v: VersionJson): string =>
  [
    `v${v.version}`,
    v.status,
    `proposed by ${who(v)} ${v.proposedAt}`,
    v.approver ? `approved by ${v.approver.name} ${v.approvedAt ?? ''}`.trim() : '',
    v.effectiveAt ? `effective ${v.effectiveAt}` : '',
    v.closedReason ? `(${v.closedBy?.name ?? '-'}: ${v.closedReason})` : '',
  ]
    .filter((part) => part !== '')
    .join('\t');

export const versionText = (v: VersionJson): string =>
  [
    `${v.lab} ${v.ruleSetId} version ${v.version}: ${v.status}`,
    `  proposed by ${who(v)} at ${v.proposedAt}${v.reason ? `: ${v.reason}` : ''}${v.reference ? ` [${v.reference}]` : ''}`,
    ...(v.approver
      ? [
          `  approved by ${v.approver.name} at ${v.approvedAt ?? '-'}${v.approvalNote ? `: ${v.approvalNote}` : ''}`,
        ]
      : []),
    ...(v.effectiveAt ? [`  effective at ${v.effectiveAt}`] : []),
    ...(v.closedReason
      ? [`  closed by ${v.closedBy?.name ?? '-'} at ${v.closedAt ?? '-'}: ${v.closedReason}`]
      : []),
    `  fingerprint ${v.hash}`,
    ...v.summary.map((line) => `  - ${line}`),
  ].join('\n');

export const dryRunText = (r: DryRunJson): string =>
  [
    `dry run of version ${r.proposalVersion} against ${r.activeVersion === null ? 'no active version' : `version ${r.activeVersion}`} (${r.samples.length} samples, nothing stored)`,
    ...(r.changes.length === 0 ? ['no differences'] : r.changes.map((c) => `  ${c}`)),
  ].join('\n');
