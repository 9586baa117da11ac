import type { Lang } from '../../i18n/i18n';

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

const locale = (lang: Lang): string => (lang === 'nl' ? 'nl-NL' : 'en-GB');

/** "3 minutes ago" / "3 minuten geleden", from `iso` to `nowMs`. */
export function relativeTime(iso: string, nowMs: number, lang: Lang): string {
  const delta = Date.parse(iso) - nowMs;
  const format = new Intl.RelativeTimeFormat(locale(lang), { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(delta) >= ms || unit === 'second')
      return format.format(Math.round(delta / ms), unit);
  }
  return format.format(0, 'second');
}

/** The absolute time, in the reader's time zone, with seconds. */
export function absoluteTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), {
    dateStyle: 'medium',
    timeStyle: 'medium',
  }).format(new Date(iso));
}

/** A reading's values as one short line: `celsius 21.4 · humidity 60`. */
export function valuesLine(values: unknown): string {
  if (values === null || typeof values !== 'object') return JSON.stringify(values) ?? '';
  return Object.entries(values as Record<string, unknown>)
    .map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}
