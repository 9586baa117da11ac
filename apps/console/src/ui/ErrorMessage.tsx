import { asRequestError } from '../api/errors';
import { useT } from '../i18n/i18n';
import { uiMessages } from './messages';

/** The hub's refusal as it gave it: code, reason and (when named) the field. Announced politely. */
export function ErrorMessage({ error }: { error: unknown }) {
  const t = useT(uiMessages);
  const e = asRequestError(error);
  return (
    <div className="error" role="alert">
      <p className="error-title">{t.errorTitle}</p>
      <dl>
        <dt>{t.code}</dt>
        <dd>
          <code data-testid="error-code">{e.code}</code>
        </dd>
        <dt>{t.reason}</dt>
        <dd data-testid="error-reason">
          {e.reason}
          {e.reason !== e.message ? ` — ${e.message}` : ''}
        </dd>
        {e.field ? (
          <>
            <dt>{t.field}</dt>
            <dd>
              <code>{e.field}</code>
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
