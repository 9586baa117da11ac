import { useT } from '../../i18n/i18n';
import { Table } from '../../ui/Table';
import { deskMessages } from './messages';

interface Output {
  outcome: string;
  code: string | null;
  readings: { values?: unknown }[];
}

export interface DryRun {
  activeVersion: number | null;
  proposalVersion: number;
  changes: string[];
  samples: {
    index: number;
    kind: string;
    lamppost: string;
    changes: string[];
    active: Output | null;
    proposal: Output;
  }[];
}

/** What a dry run found: the differences in words and each sample's readings before and after. */
export function DryRunResultView({ result }: { result: DryRun }) {
  const t = useT(deskMessages);
  const out = (o: Output | null): string => {
    if (!o) return t.none;
    if (o.outcome === 'reject') return t.refused(o.code ?? '?');
    if (o.readings.length === 0) return t.nothingStored;
    return o.readings.map((r) => JSON.stringify(r.values)).join('; ');
  };
  return (
    <div className="desk-dry-run" data-testid="dry-run">
      <h3>{t.dryRunChanges}</h3>
      <p>{t.dryRunIntro}</p>
      {result.changes.length === 0 ? (
        <p>{t.noChanges}</p>
      ) : (
        <ul lang="en">
          {result.changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      <Table
        caption={t.dryRunChanges}
        rows={result.samples}
        rowKey={(s) => String(s.index)}
        columns={[
          {
            key: 'sample',
            header: t.sample,
            cell: (s) => `${t.kinds[s.kind as 'sound']?.name ?? s.kind} · ${s.lamppost}`,
          },
          { key: 'now', header: t.underActive, cell: (s) => <code>{out(s.active)}</code> },
          { key: 'then', header: t.underProposal, cell: (s) => <code>{out(s.proposal)}</code> },
        ]}
      />
    </div>
  );
}
