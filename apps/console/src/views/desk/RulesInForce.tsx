import { useLang, useT } from '../../i18n/i18n';
import { Table } from '../../ui/Table';
import type { ReportJson, RuleVersion } from './desk-api';
import { when } from './format';
import { kindFacts, retentionOf, type KindFacts } from './kind-facts';
import { deskMessages } from './messages';

/** The rules in force, per sensor kind in plain words: measured, kept, window, k, epsilon, retention. */
export function RulesInForce({
  active,
  report,
}: {
  active: RuleVersion | undefined;
  report: ReportJson;
}) {
  const t = useT(deskMessages);
  const lang = useLang();
  return (
    <section className="desk-panel" aria-labelledby="desk-in-force" data-testid="rules-in-force">
      <h2 id="desk-in-force">{t.inForce}</h2>
      {active ? (
        <>
          <p data-testid="in-force-version">
            {t.inForceVersion(active.version, when(active.activatedAt ?? active.effectiveAt, lang))}
          </p>
          <Table<KindFacts>
            caption={t.inForce}
            rows={kindFacts(active.content, t)}
            rowKey={(f) => f.kind}
            columns={[
              { key: 'kind', header: t.sensor, cell: (f) => t.kinds[f.kind].name },
              { key: 'measured', header: t.measured, cell: (f) => t.kinds[f.kind].measured },
              { key: 'kept', header: t.kept, cell: (f) => f.kept },
              { key: 'window', header: t.window, cell: (f) => f.window },
              { key: 'k', header: t.k, cell: (f) => f.k, numeric: true },
              { key: 'epsilon', header: t.epsilon, cell: (f) => f.epsilon, numeric: true },
              {
                key: 'retention',
                header: t.retention,
                cell: (f) => retentionOf(f.kind, report.retention.policy, t),
              },
            ]}
          />
          <p>
            {t.fingerprint}: <code className="desk-hash">{active.hash}</code>
          </p>
          <details>
            <summary>{t.serverSummary}</summary>
            <ul lang="en">
              {active.summary.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </details>
        </>
      ) : (
        <p role="status">{t.noneInForce}</p>
      )}
    </section>
  );
}
