import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  readonly label: string;
  /** Seconds since the epoch, ascending. */
  readonly times: readonly number[];
  /** null: a gap (suppressed by the privacy rule, or no value). */
  readonly values: readonly (number | null)[];
}

const COLOURS = ['#0b5394', '#a4000f', '#38761d', '#7f6000', '#5b2c83', '#1a1a1a'];

/**
 * A time-series chart (uPlot) of series that share no time axis: they are merged on the union
 * of their times. The chart is drawn on a canvas, so a caption names what it shows for screen
 * readers, and the data is also in the table or CSV next to it.
 */
export function TimeChart({
  title,
  series,
  unit,
  span,
}: {
  title: string;
  series: readonly Series[];
  unit: string;
  /** The time range shown, seconds since the epoch (the range picker's), whatever the data. */
  span: readonly [number, number];
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || series.length === 0) return;
    const times = [...new Set(series.flatMap((s) => s.times))].sort((a, b) => a - b);
    const index = new Map(times.map((t, i) => [t, i]));
    const columns = series.map((s) => {
      const col: (number | null)[] = new Array<number | null>(times.length).fill(null);
      s.times.forEach((t, i) => (col[index.get(t)!] = s.values[i] ?? null));
      return col;
    });
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth || 640),
        height: 240,
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.label,
            stroke: COLOURS[i % COLOURS.length],
            width: 2,
            spanGaps: false,
            points: { show: true, size: 4 },
          })),
        ],
        scales: { x: { time: true, range: () => [span[0], span[1]] } },
        axes: [{}, { label: unit }],
      },
      [times, ...columns] as uPlot.AlignedData,
      el,
    );
    return () => plot.destroy();
  }, [series, unit, span]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} className="chart-box" role="img" aria-label={title} />
    </figure>
  );
}
