import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface SweepPoint {
  broker: string;
  offeredRate: number;
  achievedRate: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Ingest throughput and PUBACK latency against offered load, hub and mosquitto side by side, as a
 * standalone SVG (Vega-Lite compiled to Vega, rendered headless: no browser, no canvas).
 */
export async function ingestSweepSvg(
  points: readonly SweepPoint[],
  title: string,
): Promise<string> {
  const latency = points.flatMap((p) => [
    { broker: p.broker, offeredRate: p.offeredRate, percentile: 'p50', ms: p.p50Ms },
    { broker: p.broker, offeredRate: p.offeredRate, percentile: 'p99', ms: p.p99Ms },
  ]);
  const offered = {
    field: 'offeredRate',
    type: 'quantitative',
    title: 'offered load (msgs/s)',
  } as const;
  const color = { field: 'broker', type: 'nominal', title: 'broker' } as const;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    hconcat: [
      {
        title: 'throughput (acknowledged msgs/s)',
        width: 320,
        height: 240,
        data: { values: points.map((p) => ({ ...p })) },
        layer: [
          {
            mark: { type: 'line', point: true },
            encoding: {
              x: offered,
              y: { field: 'achievedRate', type: 'quantitative', title: 'achieved (msgs/s)' },
              color,
            },
          },
          {
            // y = x: what a broker that keeps up would achieve.
            data: {
              values: [
                { x: 0, y: 0 },
                {
                  x: Math.max(1, ...points.map((p) => p.offeredRate)),
                  y: Math.max(1, ...points.map((p) => p.offeredRate)),
                },
              ],
            },
            mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
            encoding: {
              x: { field: 'x', type: 'quantitative' },
              y: { field: 'y', type: 'quantitative' },
            },
          },
        ],
      },
      {
        title: 'PUBACK latency (ms, log scale)',
        width: 320,
        height: 240,
        data: { values: latency },
        mark: { type: 'line', point: true },
        encoding: {
          x: offered,
          y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'latency (ms)' },
          color,
          // Dash and point shape both tell p50 from p99, so the legend reads without colour.
          strokeDash: { field: 'percentile', type: 'nominal', title: 'percentile' },
          shape: { field: 'percentile', type: 'nominal', title: 'percentile' },
        },
      },
    ],
  };
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
