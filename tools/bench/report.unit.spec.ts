import { describe, expect, test } from '@jest/globals';
import { renderReport } from './report.js';
import { evaluate, TARGETS, TRACKED } from './targets.js';

const row = (bench: string, figure: string) => {
  const r = TARGETS.find((t) => t.bench === bench && t.figure === figure);
  if (!r) throw new Error(`no target ${bench}.${figure}`);
  return r;
};

describe('benchmark targets', () => {
  test('a ratio target uses the reported ratio against the same-run reference', () => {
    const ingest = TARGETS.find((t) => t.bench === 'ingest' && t.on === 'ratio');
    if (!ingest) throw new Error('no ingest ratio row');
    const e = evaluate(ingest, {
      hubMsgsPerSec: 70_000,
      mosquittoMsgsPerSec: 90_000,
      ratio: 0.778,
    });
    expect(e).toMatchObject({ figure: 70_000, reference: 90_000, ratio: 0.778, verdict: 'met' });
    expect(evaluate(ingest, { hubMsgsPerSec: 10, mosquittoMsgsPerSec: 100 }).verdict).toBe(
      'missed',
    );
  });

  test('upper bounds, required companions and missing figures', () => {
    expect(evaluate(row('ingest', 'p99PubackMs'), { p99PubackMs: 20 }).verdict).toBe('met');
    expect(evaluate(row('ingest', 'p99PubackMs'), { p99PubackMs: 20.5 }).verdict).toBe('missed');
    const rss = row('ingest', 'rssMiBAtIdleConnections');
    expect(evaluate(rss, { rssMiBAtIdleConnections: 400, idleConnections: 10_000 }).verdict).toBe(
      'met',
    );
    expect(evaluate(rss, { rssMiBAtIdleConnections: 400, idleConnections: 500 })).toMatchObject({
      verdict: 'missed',
      why: 'idleConnections = 500 < 10000',
    });
    expect(
      evaluate(row('privacy', 'ingestWithFilterRatio'), { ingestWithFilterRatio: null }).verdict,
    ).toBe('not measured');
  });

  test('the report names the machine, every target and what was not run', () => {
    const md = renderReport(
      {
        cores: 2,
        cpuModel: 'Test CPU',
        memoryGiB: 8,
        node: 'v20.0.0',
        kernel: 'Linux 6',
        loadAverageAtStart: 0.5,
        date: '2026-01-02T03:04:05.000Z',
      },
      [
        { name: 'store', status: 'skipped', seconds: 0 },
        {
          name: 'ingest',
          status: 'ok',
          seconds: 60,
          result: {
            hubMsgsPerSec: 60_000,
            mosquittoMsgsPerSec: 80_000,
            ratio: 0.75,
            historyP99MsUnderLoad: 42.5,
            historyP99MsIdle: 12.5,
            notes: ['n1'],
          },
        },
      ],
      'benchmarks-ingest.svg',
      'npm run bench',
    );
    expect(md).toContain('| 2 | Test CPU | 8 GiB | v20.0.0 | Linux 6 | 0.5 |');
    expect(md).toContain(
      '| 60,000 msgs/s | ratio ≥ 0.7 | 80,000 msgs/s (mosquitto, same client and load) | 0.75 | met |',
    );
    expect(md).toContain('no `bench:feeds` script yet');
    expect(md).toContain(
      '| #14 | ingest | p99 GraphQL history query while ingest runs at 50% of the hub max | 42.5 ms | 12.5 ms (the same queries with no ingest) |',
    );
    expect(md).toContain(
      '![ingest throughput and latency against offered load](benchmarks-ingest.svg)',
    );
    expect(md).toContain('- n1');
    expect(md.split('\n').filter((l) => l.startsWith('| #')).length).toBe(
      TARGETS.length + TRACKED.length,
    );
  });
});
