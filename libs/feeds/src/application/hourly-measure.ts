/** The figure an hour of one kind is summarised by, as the aggregates serve it. */
export interface MeasureView {
  /** `people`, `motionEvents`, `LAeq` or `celsius`. */
  readonly name: string;
  readonly unit: string;
  /** null when suppressed, or when no reading of the hour carried the measure. */
  readonly value: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly suppressed: boolean;
  readonly noisy: boolean;
}

/** The parts of an hour's measure, as kept by the read model (read-model/hourly-sample.ts). */
export interface MeasureParts {
  readonly samples: number;
  readonly sum: number;
  readonly min: number | null;
  readonly max: number | null;
}

/**
 * How each kind is summarised: `total` adds up what was counted (people, motion events: the
 * privacy rule's count protection applies to it); `energy` is the energy mean of sound levels,
 * 10·log10(mean(10^(L/10))), so one loud minute weighs as it sounds; `mean` is the arithmetic
 * mean of a measurement. Kinds not named here (air, radio) have only their reading count.
 */
export const MEASURES: Readonly<
  Record<string, { name: string; unit: string; how: 'total' | 'energy' | 'mean' }>
> = {
  camera: { name: 'people', unit: 'persons', how: 'total' },
  motion: { name: 'motionEvents', unit: 'events', how: 'total' },
  sound: { name: 'LAeq', unit: 'dB(A)', how: 'energy' },
  temperature: { name: 'celsius', unit: '°C', how: 'mean' },
};

const round = (v: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};

/** The exact measure of one hour (owners, partners, admins); null for kinds without one. */
export function exactMeasure(kind: string, parts: MeasureParts): MeasureView | null {
  const m = MEASURES[kind];
  if (!m) return null;
  const none = parts.samples === 0;
  let value: number | null = null;
  if (!none) {
    if (m.how === 'total') value = parts.sum;
    else if (m.how === 'energy') value = round(10 * Math.log10(parts.sum / parts.samples), 1);
    else value = round(parts.sum / parts.samples, 2);
  }
  return {
    name: m.name,
    unit: m.unit,
    value,
    min: none ? null : parts.min,
    max: none ? null : parts.max,
    suppressed: false,
    noisy: false,
  };
}

/** Whether a kind's measure is a count of people or events (count protection applies). */
export const isCounted = (kind: string): boolean => MEASURES[kind]?.how === 'total';
