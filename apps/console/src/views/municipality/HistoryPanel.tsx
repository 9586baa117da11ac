import { useEffect, useMemo, useState } from 'react';
import { gql } from '../../api/client';
import { useLang, useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { downloadCsv, toCsv } from './csv';
import { primaryValue, UNITS } from './format';
import { municipalityMessages } from './messages';
import { HISTORY, type ReadingNode } from './queries';
import { RANGE_MS, RangePicker, Select, type Range } from './RangePicker';
import { TimeChart, type Series } from './TimeChart';

/** Readings of one kind over a time range (the newest 1,000), one line per lamppost. */
export function HistoryPanel({
  lab,
  kinds,
  lampposts,
}: {
  lab: string;
  kinds: string[];
  lampposts: string[];
}) {
  const t = useT(municipalityMessages);
  const lang = useLang();
  const [kind, setKind] = useState(kinds[0] ?? 'temperature');
  const [lamppost, setLamppost] = useState('');
  const [range, setRange] = useState<Range>('h24');
  const [rows, setRows] = useState<ReadingNode[]>();
  const [error, setError] = useState<unknown>();
  const [span, setSpan] = useState<readonly [number, number]>([0, 1]);

  useEffect(() => {
    if (!kinds.includes(kind) && kinds[0]) setKind(kinds[0]);
  }, [kinds, kind]);

  useEffect(() => {
    let cancelled = false;
    setRows(undefined);
    setError(undefined);
    const now = Date.now();
    setSpan([(now - RANGE_MS[range]) / 1000, now / 1000]);
    const from = new Date(now - RANGE_MS[range]).toISOString();
    gql<{ readings: { edges: { node: ReadingNode }[] } }>(HISTORY, {
      filter: { lab, kind, from, ...(lamppost && { lamppost }) },
      last: 1000,
    })
      .then((d) => !cancelled && setRows(d.readings.edges.map((e) => e.node)))
      .catch((e: unknown) => !cancelled && setError(e));
    return () => {
      cancelled = true;
    };
  }, [lab, kind, lamppost, range]);

  const series = useMemo<Series[]>(() => {
    const by = new Map<string, { times: number[]; values: (number | null)[] }>();
    for (const r of [...(rows ?? [])].sort((a, b) => a.observedAt.localeCompare(b.observedAt))) {
      const v = primaryValue(r.kind, r.values);
      if (v === undefined) continue;
      let s = by.get(r.lamppost);
      if (!s) by.set(r.lamppost, (s = { times: [], values: [] }));
      s.times.push(Date.parse(r.observedAt) / 1000);
      s.values.push(v);
    }
    return [...by].sort(([a], [b]) => a.localeCompare(b)).map(([label, s]) => ({ label, ...s }));
  }, [rows]);

  const exportCsv = () =>
    downloadCsv(
      `${lab}-${kind}-history.csv`,
      toCsv(
        ['lab', 'lamppost', 'kind', 'observedAt', 'value', 'unit', 'ruleVersion', 'values'],
        (rows ?? []).map((r) => [
          lab,
          r.lamppost,
          r.kind,
          r.observedAt,
          primaryValue(r.kind, r.values) ??
            (primaryValue(r.kind, r.values) === null ? t.suppressed : ''),
          UNITS[r.kind] ?? '',
          r.rule.version,
          JSON.stringify(r.values),
        ]),
      ),
    );

  return (
    <section aria-labelledby="history-title" className="panel">
      <h2 id="history-title">{t.historyTitle}</h2>
      <div className="controls">
        <Select
          label={t.kind}
          value={kind}
          onChange={setKind}
          options={kinds.map((k) => ({ value: k, label: k }))}
        />
        <Select
          label={t.lamppost}
          value={lamppost}
          onChange={setLamppost}
          options={[
            { value: '', label: t.allLampposts },
            ...lampposts.map((l) => ({ value: l, label: l })),
          ]}
        />
        <RangePicker value={range} onChange={setRange} />
        <button
          type="button"
          onClick={exportCsv}
          disabled={!rows?.length}
          data-testid="history-csv"
        >
          {t.exportCsv}
        </button>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      {!rows && !error ? <Loading /> : null}
      {rows && rows.length === 0 ? <p className="empty">{t.noData}</p> : null}
      {rows && rows.length > 0 ? (
        <div data-testid="history-chart" data-points={rows.length}>
          <TimeChart
            span={span}
            title={`${t.historyTitle}: ${lab}, ${kind} (${lang === 'nl' ? 'tijd' : 'time'})`}
            series={series}
            unit={UNITS[kind] ?? ''}
          />
        </div>
      ) : null}
    </section>
  );
}
