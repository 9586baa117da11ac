import { useT } from '../../i18n/i18n';
import { Table } from '../../ui/Table';
import { loadIncoming } from './api';
import { DecisionForm } from './DecisionForm';
import { lastDay } from './dates';
import { sharingMessages } from './messages';
import { Outcome } from './Outcome';
import { Section } from './Section';
import { useLoad } from './use-load';

/** Requests for the labs of the officer's municipality (all, for admins); open ones are decided here. */
export function IncomingRequests({
  version,
  onChanged,
}: {
  version: number;
  onChanged: () => void;
}) {
  const t = useT(sharingMessages);
  const loaded = useLoad(loadIncoming, version);
  return (
    <Section title={t.incomingTitle} loaded={loaded} testId="incoming-requests">
      {(rows) => (
        <Table
          caption={t.incomingCaption}
          rowKey={(r) => r.id}
          rows={rows}
          columns={[
            { key: 'lab', header: t.lab, cell: (r) => r.lab },
            { key: 'requester', header: t.requester, cell: (r) => r.requester },
            {
              key: 'what',
              header: t.kinds,
              cell: (r) => (
                <>
                  {r.kinds.join(', ')} · {r.level}
                  <br />
                  <span className="purpose">{r.purpose}</span>
                  <br />
                  <span className="muted">
                    {r.legalBasis} · {t.period} {lastDay(r.until)}
                  </span>
                </>
              ),
            },
            {
              key: 'outcome',
              header: t.outcome,
              cell: (r) =>
                r.status === 'OPEN' ? (
                  <DecisionForm request={r} onDecided={onChanged} />
                ) : (
                  <Outcome request={r} />
                ),
            },
          ]}
        />
      )}
    </Section>
  );
}
