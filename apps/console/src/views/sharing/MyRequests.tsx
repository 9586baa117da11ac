import { useState } from 'react';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Table } from '../../ui/Table';
import { loadOutgoing, withdraw } from './api';
import { lastDay } from './dates';
import { sharingMessages } from './messages';
import { Outcome } from './Outcome';
import { Section } from './Section';
import { useLoad } from './use-load';

/** The requests the caller's municipality made, with their outcome; open ones can be withdrawn. */
export function MyRequests({ version, onChanged }: { version: number; onChanged: () => void }) {
  const t = useT(sharingMessages);
  const loaded = useLoad(loadOutgoing, version);
  const [refusal, setRefusal] = useState<unknown>();
  const doWithdraw = async (id: string) => {
    setRefusal(undefined);
    try {
      await withdraw(id);
      onChanged();
    } catch (e) {
      setRefusal(e);
    }
  };
  return (
    <Section title={t.mineTitle} loaded={loaded} testId="my-requests">
      {(rows) => (
        <>
          {refusal ? <ErrorMessage error={refusal} /> : null}
          <Table
            caption={t.mineCaption}
            rowKey={(r) => r.id}
            rows={rows}
            columns={[
              { key: 'lab', header: t.lab, cell: (r) => `${r.lab} (${r.owner})` },
              { key: 'kinds', header: t.kinds, cell: (r) => `${r.kinds.join(', ')} · ${r.level}` },
              { key: 'until', header: t.period, cell: (r) => lastDay(r.until) },
              { key: 'outcome', header: t.outcome, cell: (r) => <Outcome request={r} /> },
              {
                key: 'action',
                header: t.action,
                cell: (r) =>
                  r.status === 'OPEN' ? (
                    <button
                      type="button"
                      aria-label={`${t.withdraw}: ${r.lab}`}
                      onClick={() => void doWithdraw(r.id)}
                    >
                      {t.withdraw}
                    </button>
                  ) : null,
              },
            ]}
          />
        </>
      )}
    </Section>
  );
}
