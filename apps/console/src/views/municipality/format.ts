/**
 * The one number a reading is shown and charted by, per kind, and its unit. `null` means the
 * privacy rule suppressed it (a count below k); `undefined` that the reading has no such value.
 */
export function primaryValue(
  kind: string,
  values: Record<string, unknown>,
): number | null | undefined {
  switch (kind) {
    case 'temperature':
      return numberOrNull(values.celsius);
    case 'sound':
      return numberOrNull(values.LAeq);
    case 'motion':
      return numberOrNull(values.events);
    case 'air':
      return numberOrNull(values.pm25 ?? values.pm10 ?? values.no2);
    case 'camera':
      return sumCounts(values.counts, (row) => row.class === 'person');
    case 'radio':
      return sumCounts(values.counts, () => true) ?? numberOrNull(values.devices);
    default: {
      const first = Object.values(values).find((v) => typeof v === 'number' || v === null);
      return numberOrNull(first);
    }
  }
}

export const UNITS: Record<string, string> = {
  temperature: '°C',
  sound: 'dB(A)',
  motion: 'events',
  air: 'µg/m³ PM2.5',
  camera: 'persons',
  radio: 'devices',
};

function numberOrNull(v: unknown): number | null | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v === null) return null;
  return undefined;
}

/** Sums `count` of matching rows; null when any matching count was suppressed. */
function sumCounts(
  rows: unknown,
  match: (row: Record<string, unknown>) => boolean,
): number | null | undefined {
  if (!Array.isArray(rows)) return undefined;
  let total = 0;
  let seen = false;
  for (const row of rows as Record<string, unknown>[]) {
    if (!row || !match(row)) continue;
    seen = true;
    if (row.count === null) return null;
    if (typeof row.count === 'number') total += row.count;
  }
  return seen ? total : undefined;
}

// Formatters are made once per language: a busy lab repaints dozens of tiles per frame.
const numbers = new Map<string, Intl.NumberFormat>();
const times = new Map<string, Intl.DateTimeFormat>();
const locale = (lang: string) => (lang === 'nl' ? 'nl-NL' : 'en-GB');

export function formatNumber(v: number, lang: string): string {
  let f = numbers.get(lang);
  if (!f)
    numbers.set(lang, (f = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 })));
  return f.format(v);
}

export function formatTime(iso: string, lang: string): string {
  let f = times.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(lang), {
      dateStyle: 'short',
      timeStyle: 'medium',
      timeZone: 'Europe/Amsterdam',
    });
    times.set(lang, f);
  }
  return f.format(new Date(iso));
}

/**
 * An agreement's end as the day it was granted through: `until` is an exclusive instant, and
 * `--until 2026-12-31` is stored as 2027-01-01T00:00Z, so a UTC midnight shows the day before.
 */
export const formatUntil = (iso: string, lang: string): string => {
  const end = Date.parse(iso);
  const last = end % 86_400_000 === 0 ? end - 1 : end;
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(new Date(last));
};
