import { useLang, useT } from '../../i18n/i18n';
import { Table } from '../../ui/Table';
import { ActivatePanel } from './ActivatePanel';
import type { RuleVersion } from './desk-api';
import { when } from './format';
import { deskMessages } from './messages';
import { ReviewPanel } from './ReviewPanel';

/** Every version with status and who/when; the review and activation of open ones below it. */
export function VersionHistory({
  lab,
  versions,
  holder,
  readOnly,
  onChanged,
}: {
  lab: string;
  versions: readonly RuleVersion[];
  holder: string | null;
  readOnly: boolean;
  onChanged: () => void;
}) {
  const t = useT(deskMessages);
  const lang = useLang();
  return (
    <section className="desk-panel" aria-labelledby="desk-history">
      <h2 id="desk-history">{t.history}</h2>
      <Table<RuleVersion>
        caption={t.history}
        rows={versions}
        rowKey={(v) => String(v.version)}
        columns={[
          { key: 'version', header: t.version, cell: (v) => v.version, numeric: true },
          {
            key: 'status',
            header: t.statusCol,
            cell: (v) => (
              <span
                className={`desk-status desk-status-${v.status}`}
                data-testid={`status-${v.version}`}
              >
                {t.status[v.status] ?? v.status}
              </span>
            ),
          },
          {
            key: 'author',
            header: t.proposedBy,
            cell: (v) =>
              t.at(
                v.bootstrap ? t.bootstrap : (v.author?.name ?? t.none),
                when(v.proposedAt, lang),
              ),
          },
          {
            key: 'reason',
            header: t.reasonCol,
            cell: (v) => [v.reason, v.reference].filter(Boolean).join(' · ') || t.none,
          },
          {
            key: 'approver',
            header: t.approvedBy,
            cell: (v) =>
              v.approver
                ? `${t.at(v.approver.name, when(v.approvedAt, lang))}${v.approvalNote ? ` — ${v.approvalNote}` : ''}`
                : t.none,
          },
          {
            key: 'effective',
            header: t.effective,
            cell: (v) =>
              v.activatedAt || v.effectiveAt
                ? `${when(v.activatedAt ?? v.effectiveAt, lang)}${v.supersededAt ? ` – ${when(v.supersededAt, lang)}` : ''}`
                : t.none,
          },
          {
            key: 'closed',
            header: t.closed,
            cell: (v) =>
              v.closedReason
                ? `${t.at(v.closedBy?.name ?? t.none, when(v.closedAt, lang))}: ${v.closedReason}`
                : t.none,
          },
        ]}
      />
      {readOnly
        ? null
        : versions.map((v) =>
            v.status === 'proposed' ? (
              <ReviewPanel
                key={v.version}
                lab={lab}
                version={v}
                holder={holder}
                onDone={onChanged}
              />
            ) : v.status === 'approved' ? (
              <ActivatePanel key={v.version} lab={lab} version={v.version} onDone={onChanged} />
            ) : null,
          )}
    </section>
  );
}
