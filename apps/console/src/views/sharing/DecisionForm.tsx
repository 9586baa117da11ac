import { useId, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { approve, decline, type SharingRequest } from './api';
import { sharingMessages } from './messages';
import { checkText } from './validate';

/** Approve (with an optional note) or decline (with a reason) one open request. */
export function DecisionForm({
  request: r,
  onDecided,
}: {
  request: SharingRequest;
  onDecided: () => void;
}) {
  const t = useT(sharingMessages);
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [refusal, setRefusal] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const decide = async (outcome: 'approve' | 'decline') => {
    setRefusal(undefined);
    const problem = checkText(text, outcome === 'decline');
    setError(problem ? t.problems[problem] : undefined);
    if (problem) return;
    setBusy(true);
    try {
      if (outcome === 'approve') await approve(r.id, text);
      else await decline(r.id, text.trim());
      onDecided();
    } catch (e) {
      setRefusal(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="decision"
      aria-label={t.decisionFor(r.lab, r.requester)}
      onSubmit={(e) => e.preventDefault()}
      data-testid={`decide-${r.id}`}
    >
      <div className="field">
        <label htmlFor={id}>
          {t.note} / {t.reason}
        </label>
        <textarea
          id={id}
          name="text"
          rows={2}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setText(e.target.value)}
        />
        {error ? (
          <span className="field-error" id={`${id}-error`}>
            {error}
          </span>
        ) : null}
      </div>
      {refusal ? <ErrorMessage error={refusal} /> : null}
      <div className="sharing-buttons">
        <button type="button" disabled={busy} onClick={() => void decide('approve')}>
          {t.approve}
        </button>
        <button type="button" disabled={busy} onClick={() => void decide('decline')}>
          {t.decline}
        </button>
      </div>
    </form>
  );
}
