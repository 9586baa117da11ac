import type { Lang } from '../../i18n/i18n';

/** A time in the reader's language and time zone, e.g. "2 Dec 2026, 05:10". */
export const when = (iso: string | null | undefined, lang: Lang): string =>
  iso
    ? new Date(iso).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', {
        dateStyle: 'medium',
        timeStyle: 'short',
      })
    : '—';

/** A JSON value shown in a table cell. */
export const shown = (value: unknown): string =>
  value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
