import { useLang } from '../../i18n/i18n';
import { absoluteTime, relativeTime } from './format';

/** "2 minutes ago" with the absolute time beside it (and machine-readable in `dateTime`). */
export function TimeAgo({ iso, nowMs }: { iso: string; nowMs: number }) {
  const lang = useLang();
  return (
    <time dateTime={iso}>
      {relativeTime(iso, nowMs, lang)} <span className="absolute">({absoluteTime(iso, lang)})</span>
    </time>
  );
}
