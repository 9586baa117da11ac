import { useEffect, useState } from 'react';
import { gql } from '../../api/client';
import { useLang, useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { Table } from '../../ui/Table';
import { formatUntil } from './format';
import { AggregatesOnlyLab, ReadingsLab } from './LabPanel';
import { municipalityMessages } from './messages';
import { LABS, type Agreement, type LabAccess } from './queries';
import './municipality.css';

interface LabRow {
  readonly key: string;
  readonly lab: string;
  readonly owner: string | null;
  readonly owned: boolean;
  readonly level: 'readings' | 'aggregates';
  readonly kinds: string[] | null;
  readonly purpose: string | null;
  readonly until: string | null;
}

/** One row per lab and level: its access from `whatCanISee`, its purpose from the agreements. */
function labRows(
  v: { readings: LabAccess[]; aggregatesOnly: LabAccess[] },
  agreements: Agreement[],
): LabRow[] {
  const purposeOf = (ids: string[]) =>
    agreements
      .filter((a) => ids.includes(a.id))
      .map((a) => a.purpose)
      .join('; ') || null;
  const row = (a: LabAccess, level: 'readings' | 'aggregates'): LabRow => ({
    key: `${a.lab}/${level}`,
    lab: a.lab,
    owner: a.owner,
    owned: a.basis !== 'agreement',
    level,
    kinds: a.kinds,
    purpose: purposeOf(a.agreementIds),
    until: a.until,
  });
  return [
    ...v.readings.filter((a) => a.level === 'readings').map((a) => row(a, 'readings')),
    ...v.readings.filter((a) => a.level === 'aggregates').map((a) => row(a, 'aggregates')),
    ...v.aggregatesOnly
      .filter((a) => !v.readings.some((r) => r.lab === a.lab && r.level === 'aggregates'))
      .map((a) => row(a, 'aggregates')),
  ];
}

/**
 * `#/municipality`: the labs a municipality owns and those shared with it; for the chosen lab
 * what its access allows: map, live tiles, history and hourly aggregates, or aggregates only.
 */
export default function MunicipalityView() {
  const t = useT(municipalityMessages);
  const lang = useLang();
  const [rows, setRows] = useState<LabRow[]>();
  const [error, setError] = useState<unknown>();
  const [chosen, setChosen] = useState<string>();

  useEffect(() => {
    gql<{
      whatCanISee: { readings: LabAccess[]; aggregatesOnly: LabAccess[] };
      agreements: Agreement[];
    }>(LABS)
      .then((d) => {
        const found = labRows(d.whatCanISee, d.agreements);
        setRows(found);
        setChosen((c) => c ?? found[0]?.key);
      })
      .catch(setError);
  }, []);

  const current = rows?.find((r) => r.key === chosen);
  return (
    <div className="municipality">
      <h1>{t.title}</h1>
      {error ? <ErrorMessage error={error} /> : null}
      {!rows && !error ? <Loading /> : null}
      {rows && rows.length === 0 ? <p>{t.noLabs}</p> : null}
      {rows && rows.length > 0 ? (
        <Table
          caption={t.labsCaption}
          rows={rows}
          rowKey={(r) => r.key}
          columns={[
            { key: 'lab', header: t.lab, cell: (r) => r.lab },
            { key: 'owner', header: t.owner, cell: (r) => r.owner ?? '' },
            { key: 'access', header: t.access, cell: (r) => (r.owned ? t.owned : t.shared) },
            {
              key: 'level',
              header: t.level,
              cell: (r) => (r.level === 'readings' ? t.levelReadings : t.levelAggregates),
            },
            { key: 'kinds', header: t.kinds, cell: (r) => r.kinds?.join(', ') ?? t.allKinds },
            { key: 'purpose', header: t.purpose, cell: (r) => r.purpose ?? '' },
            {
              key: 'until',
              header: t.until,
              cell: (r) => (r.until ? formatUntil(r.until, lang) : ''),
            },
            {
              key: 'open',
              header: t.open,
              cell: (r) => (
                <button
                  type="button"
                  aria-pressed={r.key === chosen}
                  onClick={() => setChosen(r.key)}
                  data-testid={`open-${r.lab}`}
                >
                  {t.open} {r.lab}
                </button>
              ),
            },
          ]}
        />
      ) : null}
      {current ? (
        <section aria-labelledby="lab-title" key={current.key}>
          <h2 id="lab-title" className="lab-title">
            {current.lab}
          </h2>
          {current.level === 'readings' ? (
            <ReadingsLab lab={current.lab} kinds={current.kinds} />
          ) : (
            <AggregatesOnlyLab lab={current.lab} kinds={current.kinds} />
          )}
        </section>
      ) : null}
    </div>
  );
}
