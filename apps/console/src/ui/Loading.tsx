import { useT } from '../i18n/i18n';
import { uiMessages } from './messages';

export function Loading({ label }: { label?: string }) {
  const t = useT(uiMessages);
  return (
    <p className="loading" role="status" aria-live="polite">
      {label ?? t.loading}
    </p>
  );
}
