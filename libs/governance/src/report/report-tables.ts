import { nameOf } from '../domain/same-person.js';
import type { PrivacyReport } from './privacy-report.js';
import { REPORT_SECTIONS } from './privacy-report.js';

/** A section as paragraphs and tables: what both the Markdown and the HTML rendering show. */
export interface ReportSection {
  readonly title: (typeof REPORT_SECTIONS)[number];
  readonly paragraphs: readonly string[];
  readonly table?: { readonly head: readonly string[]; readonly rows: readonly string[][] };
}

const d = (iso: string | null | undefined): string =>
  iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '-';
const counts = (m: Record<string, number | undefined>): string =>
  Object.entries(m)
    .map(([k, n]) => `${k}: ${n ?? 0}`)
    .join(', ') || '-';

/** The report's content, section by section, independent of the output format. */
export function reportSections(r: PrivacyReport): ReportSection[] {
  return [
    {
      title: 'Purposes and legal basis per sensor',
      paragraphs: [
        `${r.sensors[0]?.lampposts ?? 0} lamppost(s) in service in lab ${r.lab}${r.municipality ? `, owned by ${r.municipality}` : ''}.`,
      ],
      table: {
        head: [
          'Sensor',
          'Purpose',
          'Legal ground',
          'Personal data',
          'Active until',
          'Privacy statement',
          'Contact',
        ],
        rows: r.sensors.map((s) => [
          s.kind,
          s.purpose ?? 'NOT REGISTERED',
          s.legalGround ?? '-',
          `${s.personalData ? 'yes' : 'no'}: ${s.personalDataNote}`,
          s.activeUntil ?? '-',
          s.privacyStatement ?? '-',
          s.contact ?? '-',
        ]),
      },
    },
    {
      title: 'Categories of data',
      paragraphs: [
        'What each sensor takes in at the lamppost, and what leaves the privacy filter.',
      ],
      table: {
        head: ['Sensor', 'At the lamppost', 'Stored and shared'],
        rows: r.dataCategories.map((c) => [c.kind, c.atTheLamppost, c.stored]),
      },
    },
    {
      title: 'Rules in force',
      paragraphs: r.activeRules
        ? [
            `Version ${r.activeRules.version} of ${r.activeRules.ruleSetId}, in force since ${d(r.activeRules.since)}; fingerprint ${r.activeRules.hash}. Every stored reading names this fingerprint.`,
            ...r.activeRules.lines,
          ]
        : ['No rule set is in force: every message of this lab is refused.'],
    },
    {
      title: 'Retention',
      paragraphs: [
        ...r.retention.policy,
        r.retention.runs.length === 0
          ? 'No retention run has removed anything yet.'
          : 'Last retention runs:',
      ],
      ...(r.retention.runs.length > 0 && {
        table: {
          head: ['Ran at', 'Events removed', 'Streams'],
          rows: r.retention.runs.map((x) => [
            d(x.ranAt),
            String(x.removedEvents),
            String(x.streamCount),
          ]),
        },
      }),
    },
    {
      title: 'Recipients',
      paragraphs: [
        r.recipients.length === 0
          ? `No other municipality receives data of this lab; only ${r.municipality ?? 'the owner'} and the lab's partners.`
          : "Municipalities that received this lab's feeds under a sharing agreement:",
      ],
      ...(r.recipients.length > 0 && {
        table: {
          head: [
            'Recipient',
            'Agreement',
            'Kinds',
            'Purpose / legal basis',
            'Period',
            'Status',
            'Rule versions',
            'Reads',
          ],
          rows: r.recipients.map((x) => [
            x.grantee,
            x.agreementId,
            x.kinds.join(', '),
            `${x.purpose} / ${x.legalBasis}`,
            `${d(x.grantedAt)} to ${d(x.revokedAt ?? x.until)}`,
            x.status,
            x.ruleVersions.join(', ') || '-',
            `${x.accesses}${x.lastAccessAt ? ` (last ${d(x.lastAccessAt)})` : ''}`,
          ]),
        },
      }),
    },
    {
      title: 'Key policy',
      paragraphs: [
        ...r.keyPolicy.lines,
        `Key events in the log: ${r.keyPolicy.created} created, ${r.keyPolicy.destroyed} destroyed${r.keyPolicy.lastEvent ? `; last: ${r.keyPolicy.lastEvent.type} ${r.keyPolicy.lastEvent.keyId} at ${d(r.keyPolicy.lastEvent.at)}` : ''}. Only key ids and times are logged, never key material.`,
      ],
    },
    {
      title: 'Compliance scan',
      paragraphs: r.complianceScan
        ? [
            `Last scan ${d(r.complianceScan.finishedAt)} by ${nameOf(r.complianceScan.by)}: ${r.complianceScan.eventsScanned} events scanned, ${r.complianceScan.total === 0 ? 'no raw-data signatures found' : `${r.complianceScan.total} findings (${counts(r.complianceScan.bySignature)})`}.`,
            ...r.complianceScan.findings.slice(0, 10).map((f) => `${f.signature} at ${f.location}`),
          ]
        : [
            'No compliance scan has been run yet (runComplianceScan, or hubctl privacy report --scan).',
          ],
    },
    {
      title: 'Rule history and approvals',
      paragraphs: [
        'Every version, who proposed it and why, who approved it (never the author), and when it was in force.',
      ],
      table: {
        head: [
          'Version',
          'Status',
          'Proposed by',
          'Reason (reference)',
          'Approved by',
          'In force',
          'Fingerprint',
        ],
        rows: r.ruleHistory.map((v) => [
          String(v.version),
          v.status + (v.closedReason ? `: ${v.closedReason}` : ''),
          `${v.author} (${d(v.proposedAt)})`,
          `${v.reason} (${v.reference})`,
          v.approvedAt ? `${v.approvedBy} (${d(v.approvedAt)})` : '-',
          v.effectiveAt ? `${d(v.effectiveAt)} to ${v.endedAt ? d(v.endedAt) : 'now'}` : '-',
          v.hash.slice(0, 16),
        ]),
      },
    },
    {
      title: 'Integrity of the rule history',
      paragraphs: [
        r.chain.intact
          ? `Intact: ${r.chain.events} rule events, each carrying the hash of its content and of the previous event; chain head ${r.chain.head ?? '-'}.`
          : `BROKEN at event ${r.chain.break?.revision} (log position ${r.chain.break?.position}, ${r.chain.break?.type}): ${r.chain.break?.reason}.`,
      ],
    },
    {
      title: 'Filter statistics',
      paragraphs: [
        'Counted by the filter per rule version, over every run of the hub (names and counts only).',
      ],
      table: {
        head: [
          'Version',
          'Messages filtered',
          'Readings emitted',
          'Refused (by reason)',
          'Fields dropped (by name)',
          'Counts suppressed',
          'Late',
        ],
        rows: r.filterStats.map((s) => [
          s.ruleKey,
          String(s.messagesFiltered),
          String(s.readingsEmitted),
          counts(s.messagesRejected),
          counts(s.fieldsDropped),
          String(s.countsSuppressed ?? 0),
          String(s.lateMessages),
        ]),
      },
    },
  ];
}
