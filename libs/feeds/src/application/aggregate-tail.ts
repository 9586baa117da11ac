import { hourOf } from '../read-model/hourly-aggregates.projection.js';
import { inOrder, type HourlyRow } from '../read-model/hourly-aggregates-query.js';
import { hourlySample } from '../read-model/hourly-sample.js';
import type { HoursRequest } from '../read-model/read-queries.port.js';
import type { ReadingView } from './reading-view.js';

type Parts = { -readonly [K in keyof HourlyRow]: HourlyRow[K] };

const cellOf = (row: HourlyRow): string => `${row.hour}\0${row.kind}\0${row.lamppost ?? ''}`;

const lower = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);
const higher = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);

/**
 * The hours that `readings` (of the live tail, after the read model's checkpoint) add to the
 * answer of `request`: the hourly projection's fold (hourly-aggregates.projection.ts), in
 * memory. Only the exact copy counts, as there: a `shared` twin is the same reading again.
 * Oldest hour first, then by kind and lamppost, as the read model answers.
 */
export function tailHours(readings: Iterable<ReadingView>, request: HoursRequest): HourlyRow[] {
  const { lab, bounds, perLamppost } = request;
  const kinds = request.kinds && new Set(request.kinds);
  const after = bounds.after ?? '';
  const from = bounds.from ?? '';
  const to = bounds.to ?? '9999';
  const cells = new Map<string, Parts>();
  for (const r of readings) {
    if (r.lab !== lab || r.audience === 'shared' || (kinds && !kinds.has(r.kind))) continue;
    const hour = hourOf(r.observedAt);
    // The read model's bounds (hourly-aggregates-query.ts HOURS), compared as it compares them.
    if (!(hour > after && hour >= from && hour < to)) continue;
    const row: Parts = {
      lab,
      lamppost: perLamppost ? r.lamppost : null,
      kind: r.kind,
      hour,
      count: 0,
      samples: 0,
      sum: 0,
      min: null,
      max: null,
    };
    const key = cellOf(row);
    const cell = cells.get(key) ?? row;
    cells.set(key, cell);
    cell.count += 1;
    const sample = hourlySample(r.kind, r.values);
    if (!sample) continue;
    cell.samples += 1;
    cell.sum += sample.sum;
    cell.min = lower(cell.min, sample.min);
    cell.max = higher(cell.max, sample.max);
  }
  return [...cells.values()].sort(inOrder);
}

/**
 * The read model's first `limit` hours (up to its checkpoint) with the tail's hours after it:
 * what the read model answers once it has applied them. Every part of an hour adds up (count,
 * samples, sum) or bounds (min, max), so an hour in both is the two added. When the read model
 * filled its `limit`, the hours it left out come after its last row; a tail hour past that row
 * has `limit` rows before it, so the cut to `limit` drops it. A negative `limit` has none.
 */
export function mergeHours(
  readModel: readonly HourlyRow[],
  tail: readonly HourlyRow[],
  limit: number,
): HourlyRow[] {
  if (tail.length === 0) return [...readModel];
  const cells = new Map(readModel.map((row) => [cellOf(row), row]));
  for (const row of tail) {
    const key = cellOf(row);
    const known = cells.get(key);
    cells.set(
      key,
      known
        ? {
            ...known,
            count: known.count + row.count,
            samples: known.samples + row.samples,
            sum: known.sum + row.sum,
            min: lower(known.min, row.min),
            max: higher(known.max, row.max),
          }
        : row,
    );
  }
  const rows = [...cells.values()].sort(inOrder);
  return limit >= 0 ? rows.slice(0, limit) : rows;
}
