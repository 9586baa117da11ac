import { useState } from 'react';
import { gql } from '../../api/client';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { APPROVE, holderKey, REJECT, type RuleVersion } from './desk-api';
import { deskMessages } from './messages';

/**
 * Approve or reject one proposal with a note. Four eyes is visible: the author's approve button
 * is disabled with the reason next to it; the hub decides anyway, and its refusal is shown.
 */
export function ReviewPanel({
  lab,
  version,
  holder,
  onDone,
}: {
  lab: string;
  version: RuleVersion;
  holder: string | null;
  onDone: () => void;
}) {
  const t = useT(deskMessages);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const v = version.version;
  const own =
    holder !== null &&
    version.author?.holder != null &&
    holderKey(holder) === holderKey(version.author.holder);
  const act = async (which: 'approve' | 'reject') => {
    setBusy(true);
    setError(undefined);
    try {
      await gql(
        which === 'approve' ? APPROVE : REJECT,
        which === 'approve'
          ? { lab, version: v, ...(note.trim() ? { note } : {}) }
          : { lab, version: v, reason: note },
      );
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const noteId = `desk-review-note-${v}`;
  const whyId = `desk-review-why-${v}`;
  return (
    <form
      className="desk-review"
      aria-label={`${t.review} ${t.version.toLowerCase()} ${v}`}
      data-testid={`review-${v}`}
      onSubmit={(e) => {
        // Approve is the form's submit button: a button re-enabled by hand (forced) still
        // submits, and the hub's refusal is shown; the disabled state only says it in advance.
        e.preventDefault();
        void act('approve');
      }}
    >
      <h3>
        {t.review}: {t.version.toLowerCase()} {v}
      </h3>
      <div className="field">
        <label htmlFor={noteId}>
          {t.note} / {t.rejectReason.toLowerCase()}
        </label>
        <textarea id={noteId} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <div className="desk-actions">
        <button
          type="submit"
          disabled={own || busy}
          aria-describedby={own ? whyId : undefined}
          data-testid={`approve-${v}`}
        >
          {t.approve}
        </button>
        <button type="button" disabled={busy} onClick={() => void act('reject')}>
          {t.reject}
        </button>
      </div>
      {own ? (
        <p id={whyId} className="desk-why" data-testid={`own-proposal-${v}`}>
          {t.ownProposal(v)}
        </p>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
    </form>
  );
}
