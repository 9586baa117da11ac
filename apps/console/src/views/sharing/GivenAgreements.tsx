import { useState } from 'react';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Table } from '../../ui/Table';
import { loadGiven, revoke } from './api';
import { lastDay } from './dates';
import { sharingMessages } from './messages';
import { Section } from './Section';
import { useLoad } from './use-load';

/** The agreements in force on the municipality's labs, each with a revoke button. */
export function GivenAgreements({
  version,
  onChanged,
}: {
  version: number;
  onChanged: () => void;
}) {
  const t = useT(sharingMessages);
  const loaded = useLoad(loadGiven, version);
  const [refusal, setRefusal] = useState<unknown>();
  const doRevoke = async (id: string) => {
    setRefusal(undefined);
    try {
      await revoke(id);
      onChanged();
    } catch (e) {
      setRefusal(e);
    }
  };
  return (
    <Section title={t.agreementsTitle} loaded={loaded} testId="given-agreements">
      {(all) => (
        <>
          {refusal ? <ErrorMessage error={refusal} /> : null}
          <Table
            caption={t.agreementsCaption}
            rowKey={(a) => a.id}
            rows={all.filter((a) => a.status === 'active')}
            columns={[
              { key: 'lab', header: t.lab, cell: (a) => a.lab },
              { key: 'grantee', header: t.grantee, cell: (a) => a.grantee },
              { key: 'kinds', header: t.kinds, cell: (a) => `${a.kinds.join(', ')} · ${a.level}` },
              { key: 'until', header: t.period, cell: (a) => lastDay(a.until) },
              {
                key: 'action',
                header: t.action,
                cell: (a) => (
                  <button
                    type="button"
                    aria-label={`${t.revoke}: ${a.lab} → ${a.grantee}`}
                    onClick={() => void doRevoke(a.id)}
                  >
                    {t.revoke}
                  </button>
                ),
              },
            ]}
          />
        </>
      )}
    </Section>
  );
}
