import { useState } from 'react';
import { gql } from '../../api/client';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ACTIVATE } from './desk-api';
import { deskMessages } from './messages';

/** Put an approved version in force: now, or at a date and time (the reader's local time). */
export function ActivatePanel({
  lab,
  version,
  onDone,
}: {
  lab: string;
  version: number;
  onDone: () => void;
}) {
  const t = useT(deskMessages);
  const [at, setAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const activate = async (effectiveAt: string | undefined) => {
    setBusy(true);
    setError(undefined);
    try {
      await gql(ACTIVATE, { lab, version, ...(effectiveAt ? { effectiveAt } : {}) });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const atId = `desk-activate-at-${version}`;
  return (
    <form
      className="desk-review"
      aria-label={`${t.activate} ${t.version.toLowerCase()} ${version}`}
      data-testid={`activate-${version}`}
      onSubmit={(e) => {
        e.preventDefault();
        // datetime-local has no zone: it is the reader's local time, sent as UTC.
        void activate(at ? new Date(at).toISOString() : undefined);
      }}
    >
      <h3>
        {t.activate}: {t.version.toLowerCase()} {version}
      </h3>
      <div className="field">
        <label htmlFor={atId}>{t.activateAt}</label>
        <input id={atId} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
      </div>
      <div className="desk-actions">
        <button type="submit" disabled={busy || at === ''}>
          {t.activateScheduled}
        </button>
        <button type="button" disabled={busy} onClick={() => void activate(undefined)}>
          {t.activateNow}
        </button>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
    </form>
  );
}
