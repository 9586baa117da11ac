import type { MachineInfo } from './machine.js';
import { evaluate, TARGETS, TRACKED, type EvaluatedRow } from './targets.js';

export interface BenchOutcome {
  /** Script name without the `bench:` prefix. */
  name: string;
  status: 'ok' | 'failed' | 'skipped';
  seconds: number;
  result?: Record<string, unknown>;
  error?: string;
}

const fmt = (x: number | null, unit = ''): string => {
  if (x === null) return '—';
  const s =
    Math.abs(x) >= 1000
      ? Math.round(x).toLocaleString('en-US')
      : Math.abs(x) >= 10
        ? x.toFixed(1).replace(/\.0$/, '')
        : x.toFixed(2).replace(/\.?0+$/, '');
  return unit ? `${s} ${unit}` : s;
};

function targetText(e: EvaluatedRow): string {
  const { row } = e;
  const op = row.op === '>=' ? '≥' : row.op === '<=' ? '≤' : '<';
  return row.on === 'ratio' ? `ratio ${op} ${row.target}` : `${op} ${fmt(row.target, row.unit)}`;
}

const verdictText = (e: EvaluatedRow): string =>
  e.verdict === 'met'
    ? 'met'
    : e.verdict === 'missed'
      ? `**missed**${e.why ? ` (${e.why})` : ''}`
      : 'not measured';

/** docs/benchmarks.md: the target table, the machine, every bench's figures and notes. */
export function renderReport(
  machine: MachineInfo,
  outcomes: readonly BenchOutcome[],
  plotFile: string | null,
  command: string,
): string {
  const byName = new Map(outcomes.map((o) => [o.name, o]));
  const lines: string[] = [
    '# Benchmarks',
    '',
    `Written by \`${command}\` on ${machine.date.slice(0, 10)} (${machine.date}). Every figure in`,
    'the table was measured in this one run on the machine below; references (mosquitto, raw',
    'SQLite, a plain WebSocket broadcast) were measured in the same run, so the ratios compare like',
    'with like. Figures from a machine shared with other work are indicative only: look at the load',
    'average.',
    '',
    '## Machine',
    '',
    '| cores | CPU | memory | Node.js | kernel | load average at start |',
    '| ----- | --- | ------ | ------- | ------ | --------------------- |',
    `| ${machine.cores} | ${machine.cpuModel} | ${machine.memoryGiB} GiB | ${machine.node} | ${machine.kernel} | ${machine.loadAverageAtStart} |`,
    '',
    '## Targets',
    '',
    '| issue | bench | figure | measured | target | reference (same run) | ratio | result |',
    '| ----- | ----- | ------ | -------- | ------ | -------------------- | ----- | ------ |',
  ];
  for (const row of TARGETS) {
    const outcome = byName.get(row.bench);
    const e = evaluate(row, outcome?.status === 'ok' ? outcome.result : undefined);
    const reference = row.reference
      ? `${fmt(e.reference, row.unit)} (${row.reference.label})`
      : '—';
    const result =
      outcome === undefined
        ? `no \`bench:${row.bench}\` script yet`
        : outcome.status !== 'ok'
          ? outcome.status
          : verdictText(e);
    lines.push(
      `| #${row.issue} | ${row.bench} | ${row.label} | ${fmt(e.figure, row.unit)} | ${targetText(e)} | ${reference} | ${row.reference ? fmt(e.ratio) : '—'} | ${result} |`,
    );
  }
  lines.push(
    '',
    '## Figures without a target',
    '',
    '| issue | bench | figure | measured | reference (same run) |',
    '| ----- | ----- | ------ | -------- | -------------------- |',
  );
  for (const t of TRACKED) {
    const outcome = byName.get(t.bench);
    const result = outcome?.status === 'ok' ? outcome.result : undefined;
    const value = (key: string): number | null =>
      typeof result?.[key] === 'number' ? result[key] : null;
    lines.push(
      `| #${t.issue} | ${t.bench} | ${t.label} | ${fmt(value(t.figure), t.unit)} | ${fmt(value(t.reference.key), t.unit)} (${t.reference.label}) |`,
    );
  }
  if (plotFile) {
    lines.push(
      '',
      '## Ingest: throughput and latency against offered load',
      '',
      'The same load generator (100 devices, QoS 1, temperature, open loop at each offered rate) against',
      'the hub (durable SQLite ingest, privacy filter, registry authentication) and mosquitto. The dashed',
      'line is "achieved = offered".',
      '',
      `![ingest throughput and latency against offered load](${plotFile})`,
    );
  }
  lines.push('', '## Each benchmark', '');
  for (const o of outcomes) {
    lines.push(`### \`npm run bench:${o.name}\` (${o.status}, ${Math.round(o.seconds)} s)`, '');
    if (o.error) lines.push('```text', o.error, '```', '');
    if (o.result) {
      const { notes, sweep, ...figures } = o.result;
      void sweep;
      lines.push('```json', JSON.stringify(figures, null, 2), '```', '');
      if (Array.isArray(notes) && notes.length) {
        for (const n of notes) lines.push(`- ${String(n)}`);
        lines.push('');
      } else if (typeof notes === 'string') {
        lines.push(`- ${notes}`, '');
      }
    }
  }
  lines.push(
    '## Running it',
    '',
    '```sh',
    'npm run bench                                   # every bench:* script, then this file',
    'npm run bench -- --skip store,privacy           # leave some out (they show as skipped)',
    'npm run bench -- --only ingest --args ingest="--runs 1 --no-idle"',
    'npm run bench:ingest -- --help                  # one bench on its own, its own flags',
    '```',
    '',
  );
  return lines.join('\n');
}
