/**
 * What one stored reading adds to its hour's measure, by kind. `sum` is what adds up: people
 * or motion events counted, sound energy (10^(L/10), so the hour's LAeq is the energy mean) or
 * degrees; `min`/`max` bound the values seen. Undefined when the reading carries no such value
 * (a count suppressed at the edge is `null`: it adds nothing).
 */
export interface HourlySample {
  readonly sum: number;
  readonly min: number;
  readonly max: number;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Persons in a camera window: the `person` rows of its counts (every direction and zone). */
function people(values: Readonly<Record<string, unknown>>): number | undefined {
  const rows = values.counts;
  if (!Array.isArray(rows)) return undefined;
  let total: number | undefined;
  for (const row of rows as unknown[]) {
    const r = row as { class?: unknown; count?: unknown } | null;
    if (r?.class === 'person' && finite(r.count)) total = (total ?? 0) + r.count;
  }
  return total;
}

export function hourlySample(
  kind: string,
  values: Readonly<Record<string, unknown>>,
): HourlySample | undefined {
  switch (kind) {
    case 'camera': {
      const n = people(values);
      return n === undefined ? undefined : { sum: n, min: n, max: n };
    }
    case 'motion':
      return finite(values.events)
        ? { sum: values.events, min: values.events, max: values.events }
        : undefined;
    case 'sound':
      return finite(values.LAeq)
        ? { sum: 10 ** (values.LAeq / 10), min: values.LAeq, max: values.LAeq }
        : undefined;
    case 'temperature':
      return finite(values.celsius)
        ? { sum: values.celsius, min: values.celsius, max: values.celsius }
        : undefined;
    default:
      return undefined;
  }
}
