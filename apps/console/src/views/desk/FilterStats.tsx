import { useT } from '../../i18n/i18n';
import { Table } from '../../ui/Table';
import type { NameCount, VersionStats } from './desk-api';
import { deskMessages } from './messages';

const STATS = [
  'messagesFiltered',
  'readingsEmitted',
  'lateMessages',
  'shortWindowsDiscarded',
  'countsSuppressed',
  'messagesRejected',
  'fieldsDropped',
] as const;

const byName = (list: readonly NameCount[]): string =>
  list.length === 0 ? '0' : list.map((n) => `${n.name} ${n.count}`).join(', ');

/** The filter's counters per rule version, each figure explained. */
export function FilterStats({
  stats,
  onRefresh,
}: {
  stats: readonly VersionStats[];
  onRefresh: () => void;
}) {
  const t = useT(deskMessages);
  return (
    <section className="desk-panel" aria-labelledby="desk-stats">
      <h2 id="desk-stats">{t.stats}</h2>
      <p>{t.statsIntro}</p>
      <button type="button" onClick={onRefresh}>
        {t.refresh}
      </button>
      <Table<VersionStats>
        caption={t.stats}
        rows={[...stats].sort((a, b) => b.version - a.version)}
        rowKey={(s) => s.ruleKey}
        columns={[
          { key: 'version', header: t.version, cell: (s) => s.version, numeric: true },
          ...STATS.map((name) => ({
            key: name,
            header: t.statNames[name],
            numeric: name !== 'messagesRejected' && name !== 'fieldsDropped',
            cell: (s: VersionStats) =>
              name === 'messagesRejected' || name === 'fieldsDropped' ? byName(s[name]) : s[name],
          })),
        ]}
      />
      <h3>{t.statsExplained}</h3>
      <dl className="desk-explained">
        {STATS.map((name) => (
          <div key={name}>
            <dt>{t.statNames[name]}</dt>
            <dd>{t.statHelp[name]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
