import { useEffect, useMemo, useState } from 'react';
import { gql } from '../../api/client';
import { useLang, useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { Table } from '../../ui/Table';
import { downloadCsv, toCsv } from './csv';
import { formatNumber, formatTime } from './format';
import { municipalityMessages } from './messages';
import { AGGREGATES, type AggregateRow } from './queries';
import { RANGE_MS, RangePicker, Select, type Range } from './RangePicker';
import { TimeChart } from './TimeChart';

const nameOf = (r: AggregateRow): string => r.measure?.name ?? 'count';

/**
 * Hourly aggregates of one kind: the measure (people, LAeq, mean temperature) or, for kinds
 * without one, the reading count. What the privacy rule suppressed stays a gap in the chart and
 * says so in the table.
 */
export function AggregatesPanel({ lab, kinds }: { lab: string; kinds: string[] }) {
  const t = useT(municipalityMessages);
  const lang = useLang();
  const [kind, setKind] = useState(kinds[0] ?? 'camera');
  const [range, setRange] = useState<Range>('h24');
  const [rows, setRows] = useState<AggregateRow[]>();
  const [error, setError] = useState<unknown>();
  const [span, setSpan] = useState<readonly [number, number]>([0, 1]);

  useEffect(() => {
    let cancelled = false;
    setRows(undefined);
    setError(undefined);
    const now = Date.now();
    setSpan([(now - RANGE_MS[range]) / 1000, now / 1000]);
    const from = new Date(now - RANGE_MS[range]).toISOString();
    gql<{ aggregates: AggregateRow[] }>(AGGREGATES, { lab, kinds: [kind], from })
      .then((d) => !cancelled && setRows(d.aggregates))
      .catch((e: unknown) => !cancelled && setError(e));
    return () => {
      cancelled = true;
    };
  }, [lab, kind, range]);

  const valueOf = (r: AggregateRow): number | null => (r.measure ? r.measure.value : r.count);
  const unitOf = (r: AggregateRow | undefined): string => (r?.measure ? r.measure.unit : t.count);
  const series = useMemo(
    () =>
      rows && rows.length > 0
        ? [
            {
              label: nameOf(rows[0]),
              times: rows.map((r) => Date.parse(r.hour) / 1000),
              values: rows.map((r) => (r.measure ? r.measure.value : r.count)),
            },
          ]
        : [],
    [rows],
  );
  const shown = (v: number | null) => (v === null ? t.suppressedExplained : formatNumber(v, lang));

  const exportCsv = () =>
    downloadCsv(
      `${lab}-${kind}-hourly.csv`,
      toCsv(
        [
          'lab',
          'kind',
          'hour',
          'count',
          'measure',
          'value',
          'unit',
          'suppressed',
          'noisy',
          'agreementId',
        ],
        (rows ?? []).map((r) => [
          lab,
          r.kind,
          r.hour,
          r.count ?? '',
          nameOf(r),
          valueOf(r) ?? '',
          unitOf(r),
          r.measure?.suppressed ?? r.suppressed,
          r.measure?.noisy ?? r.noisy,
          r.agreementId ?? '',
        ]),
      ),
    );

  return (
    <section aria-labelledby="aggregates-title" className="panel">
      <h2 id="aggregates-title">{t.aggregatesTitle}</h2>
      <div className="controls">
        <Select
          label={t.kind}
          value={kind}
          onChange={setKind}
          options={kinds.map((k) => ({ value: k, label: k }))}
        />
        <RangePicker value={range} onChange={setRange} />
        <button
          type="button"
          onClick={exportCsv}
          disabled={!rows?.length}
          data-testid="aggregates-csv"
        >
          {t.exportCsv}
        </button>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      {!rows && !error ? <Loading /> : null}
      {rows && rows.length === 0 ? <p className="empty">{t.noData}</p> : null}
      {rows && rows.length > 0 ? (
        <div data-testid="aggregates-chart">
          <TimeChart
            span={span}
            title={`${t.aggregatesTitle}: ${lab}, ${kind}`}
            series={series}
            unit={unitOf(rows[0])}
          />
          <Table
            caption={`${t.aggregatesTitle}: ${lab}, ${kind}`}
            rowKey={(r) => r.hour}
            rows={rows}
            columns={[
              { key: 'hour', header: t.hour, cell: (r) => formatTime(r.hour, lang) },
              { key: 'count', header: t.count, numeric: true, cell: (r) => shown(r.count) },
              { key: 'measure', header: t.measure, cell: (r) => nameOf(r) },
              {
                key: 'value',
                header: `${t.value} (${unitOf(rows[0])})`,
                numeric: true,
                cell: (r) => <span data-testid="aggregate-value">{shown(valueOf(r))}</span>,
              },
            ]}
          />
        </div>
      ) : null}
    </section>
  );
}
