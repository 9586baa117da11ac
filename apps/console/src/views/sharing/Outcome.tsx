import { useT } from '../../i18n/i18n';
import type { SharingRequest } from './api';
import { sharingMessages } from './messages';

/** A request's status and what came of it: the agreement and note, or the decline's reason. */
export function Outcome({ request: r }: { request: SharingRequest }) {
  const t = useT(sharingMessages);
  return (
    <span data-testid="request-outcome">
      <span className={`status status-${r.status.toLowerCase()}`}>
        {t.statuses[r.status] ?? r.status}
      </span>
      {r.agreementId ? (
        <>
          {' — '}
          <code>{t.agreementOutcome(r.agreementId)}</code>
        </>
      ) : null}
      {r.note ? <> — {t.noteOutcome(r.note)}</> : null}
      {r.reason ? <> — {t.declinedOutcome(r.reason)}</> : null}
    </span>
  );
}
