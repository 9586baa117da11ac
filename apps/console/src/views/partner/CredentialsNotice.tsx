import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/i18n';
import { CopyButton } from '../../ui/CopyButton';
import { partnerMessages } from './messages';
import type { IssuedCredentials } from './queries';

/**
 * New credentials, shown once. The panel takes focus so a screen reader reads the warning first;
 * it stays until the partner says the password is stored.
 */
export function CredentialsNotice({
  issued,
  onDone,
}: {
  issued: IssuedCredentials;
  onDone: () => void;
}) {
  const t = useT(partnerMessages);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), [issued]);
  return (
    <section
      className="credentials"
      aria-labelledby="credentials-title"
      ref={panel}
      tabIndex={-1}
      data-testid="credentials"
    >
      <h2 id="credentials-title">{t.credentials(issued.lamppost)}</h2>
      <p className="warning" role="alert">
        <strong>⚠ {t.warning}</strong>
      </p>
      <dl>
        <dt>{t.username}</dt>
        <dd>
          <code data-testid="issued-username">{issued.username}</code>{' '}
          <CopyButton text={issued.username} label={t.copyUsername} />
        </dd>
        <dt>{t.password}</dt>
        <dd>
          <code data-testid="issued-password">{issued.password}</code>{' '}
          <CopyButton text={issued.password} label={t.copyPassword} />
        </dd>
        <dt>{t.topicPrefix}</dt>
        <dd>
          <code data-testid="issued-prefix">{issued.topicPrefix}</code>
          <code>{'{kind}'}</code>
        </dd>
      </dl>
      <button type="button" onClick={onDone}>
        {t.stored}
      </button>
    </section>
  );
}
