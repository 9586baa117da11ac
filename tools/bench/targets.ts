/**
 * The performance targets of the issues, one row per figure. A row with `reference` compares the
 * figure with a reference measured in the same run (e.g. mosquitto for the hub's ingest); the
 * target then applies to `ratioKey` (or figure / reference when the bench reports no ratio).
 */
export interface TargetRow {
  bench: string;
  /** Key in the bench's JSON line. */
  figure: string;
  label: string;
  unit: string;
  reference?: { key: string; label: string };
  /** Which value the target applies to: the figure itself or the ratio to the reference. */
  on: 'figure' | 'ratio';
  /** Key of the ratio in the JSON line, if the bench reports one. */
  ratioKey?: string;
  op: '>=' | '<=' | '<';
  target: number;
  issue: number;
  /** Another figure that must hold for the row to count, e.g. the number of idle connections. */
  requires?: { key: string; atLeast: number };
}

export const TARGETS: readonly TargetRow[] = [
  {
    bench: 'store',
    figure: 'appendEventsPerSec',
    label: 'durable appends (256 appenders, NORMAL)',
    unit: 'events/s',
    reference: { key: 'rawSqliteRowsPerSec', label: 'raw better-sqlite3 inserts' },
    on: 'ratio',
    ratioKey: 'ratio',
    op: '>=',
    target: 0.5,
    issue: 3,
  },
  {
    bench: 'store',
    figure: 'readAllEventsPerSec',
    label: 'readAll',
    unit: 'events/s',
    on: 'figure',
    op: '>=',
    target: 300_000,
    issue: 3,
  },
  {
    bench: 'store',
    figure: 'p99AppendMs',
    label: 'p99 append at 50% of max',
    unit: 'ms',
    on: 'figure',
    op: '<=',
    target: 10,
    issue: 3,
  },
  {
    bench: 'privacy',
    figure: 'audioRealtimeFactor',
    label: '48 kHz audio filtered per core-second',
    unit: 'x realtime',
    on: 'figure',
    op: '>=',
    target: 500,
    issue: 5,
  },
  {
    bench: 'privacy',
    figure: 'detectionsPerSec',
    label: 'camera detections',
    unit: '/s',
    on: 'figure',
    op: '>=',
    target: 200_000,
    issue: 5,
  },
  {
    bench: 'privacy',
    figure: 'pseudonymsPerSec',
    label: 'radio pseudonyms',
    unit: '/s',
    on: 'figure',
    op: '>=',
    target: 500_000,
    issue: 5,
  },
  {
    bench: 'privacy',
    figure: 'ingestWithFilterRatio',
    label: 'mixed traffic with filter / temperature only',
    unit: 'ratio',
    on: 'figure',
    op: '>=',
    target: 0.7,
    issue: 5,
  },
  {
    bench: 'ingest',
    figure: 'hubMsgsPerSec',
    label: 'hub ingest, 100 devices, QoS 1, durable',
    unit: 'msgs/s',
    reference: { key: 'mosquittoMsgsPerSec', label: 'mosquitto, same client and load' },
    on: 'ratio',
    ratioKey: 'ratio',
    op: '>=',
    target: 0.7,
    issue: 4,
  },
  {
    bench: 'ingest',
    figure: 'hubMsgsPerSec',
    label: 'hub ingest, absolute',
    unit: 'msgs/s',
    reference: { key: 'mosquittoMsgsPerSec', label: 'mosquitto, same client and load' },
    on: 'figure',
    ratioKey: 'ratio',
    op: '>=',
    target: 50_000,
    issue: 4,
  },
  {
    bench: 'ingest',
    figure: 'hubMsgsPerSec',
    label: 'hub ingest against bare aedes + the same append',
    unit: 'msgs/s',
    reference: { key: 'bareAedesAppendMsgsPerSec', label: 'bare aedes, JSON parse, same append' },
    on: 'ratio',
    ratioKey: 'ratioToBareAedesAppend',
    op: '>=',
    target: 0.6,
    issue: 14,
  },
  {
    bench: 'ingest',
    figure: 'p50PubackMsAtTenth',
    label: 'p50 PUBACK at 10% of the hub max',
    unit: 'ms',
    reference: { key: 'mosquittoP50MsAtTenth', label: 'mosquitto p50 at the same offered rate' },
    on: 'ratio',
    ratioKey: 'p50RatioToMosquittoAtTenth',
    op: '<=',
    target: 1.5,
    issue: 14,
  },
  {
    bench: 'ingest',
    figure: 'p99PubackMs',
    label: 'p99 PUBACK at 50% of the hub max',
    unit: 'ms',
    on: 'figure',
    op: '<=',
    target: 20,
    issue: 4,
  },
  {
    bench: 'ingest',
    figure: 'rssMiBAtIdleConnections',
    label: 'hub RSS with 10,000 idle device connections',
    unit: 'MiB',
    on: 'figure',
    op: '<',
    target: 1024,
    issue: 4,
    requires: { key: 'idleConnections', atLeast: 10_000 },
  },
  {
    bench: 'feeds',
    figure: 'p99LatencyMs',
    label: 'publish to graphql-ws next, p99 at 1,000 msgs/s',
    unit: 'ms',
    on: 'figure',
    op: '<=',
    target: 25,
    issue: 7,
  },
  {
    bench: 'feeds',
    figure: 'p99LatencyMsUnderLoad',
    label: 'publish to graphql-ws next, p99 at 1,000 msgs/s while ingest runs at half its maximum',
    unit: 'ms',
    on: 'figure',
    op: '<=',
    target: 25,
    issue: 14,
  },
  {
    bench: 'feeds',
    figure: 'fanoutDeliveriesPerSec',
    label: 'fan-out to 1,000 graphql-ws subscribers',
    unit: 'deliveries/s',
    reference: { key: 'rawWsDeliveriesPerSec', label: 'plain ws broadcast' },
    on: 'ratio',
    ratioKey: 'fanoutRatio',
    op: '>=',
    target: 0.5,
    issue: 14,
  },
  {
    bench: 'boot',
    figure: 'bootMsAt1MReadings',
    label: 'start-up (process to /health/ready) with 1M temperature readings',
    unit: 'ms',
    reference: { key: 'bootMsEmpty', label: 'start-up on an empty data dir' },
    on: 'ratio',
    ratioKey: 'bootRatio',
    op: '<=',
    target: 1.5,
    issue: 14,
    requires: { key: 'readings', atLeast: 1_000_000 },
  },
  {
    bench: 'boot',
    figure: 'bytesPerReading',
    label: 'disk per temperature reading (log + read models, after a checkpoint)',
    unit: 'B',
    on: 'figure',
    op: '<=',
    target: 250,
    issue: 14,
  },
];

/**
 * Figures an issue asks for without a number to meet, shown beside a reference measured in the
 * same run (issue 14: history queries while ingest runs at half its maximum, against the same
 * queries with no ingest).
 */
export interface TrackedFigure {
  bench: string;
  figure: string;
  label: string;
  unit: string;
  reference: { key: string; label: string };
  issue: number;
}

export const TRACKED: readonly TrackedFigure[] = [
  {
    bench: 'ingest',
    figure: 'historyP99MsUnderLoad',
    label: 'p99 GraphQL history query while ingest runs at 50% of the hub max',
    unit: 'ms',
    reference: { key: 'historyP99MsIdle', label: 'the same queries with no ingest' },
    issue: 14,
  },
];

export type Verdict = 'met' | 'missed' | 'not measured';

export interface EvaluatedRow {
  row: TargetRow;
  figure: number | null;
  reference: number | null;
  ratio: number | null;
  verdict: Verdict;
  why?: string;
}

const asNumber = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

export function evaluate(
  row: TargetRow,
  result: Record<string, unknown> | undefined,
): EvaluatedRow {
  const figure = asNumber(result?.[row.figure]);
  const reference = row.reference ? asNumber(result?.[row.reference.key]) : null;
  const reported = row.ratioKey ? asNumber(result?.[row.ratioKey]) : null;
  const ratio = reported ?? (figure !== null && reference ? figure / reference : null);
  const value = row.on === 'ratio' ? ratio : figure;
  if (value === null) return { row, figure, reference, ratio, verdict: 'not measured' };
  if (row.requires) {
    const got = asNumber(result?.[row.requires.key]) ?? 0;
    if (got < row.requires.atLeast) {
      return {
        row,
        figure,
        reference,
        ratio,
        verdict: 'missed',
        why: `${row.requires.key} = ${got} < ${row.requires.atLeast}`,
      };
    }
  }
  const met =
    row.op === '>='
      ? value >= row.target
      : row.op === '<='
        ? value <= row.target
        : value < row.target;
  return { row, figure, reference, ratio, verdict: met ? 'met' : 'missed' };
}
