import { useState } from 'react';
import { useT } from '../../i18n/i18n';
import { Table } from '../../ui/Table';
import { loadDirectory, type DirectoryLab } from './api';
import { sharingMessages } from './messages';
import { RequestForm } from './RequestForm';
import { Section } from './Section';
import { useLoad } from './use-load';

/**
 * "Find a lab": every lab with its owner, kinds and contact, and a request form for a lab of
 * another municipality. `canRequest` is false for admins (they grant, they do not ask).
 */
export function LabFinder({
  me,
  canRequest,
  version,
  onSent,
}: {
  me: string | undefined;
  canRequest: boolean;
  version: number;
  onSent: () => void;
}) {
  const t = useT(sharingMessages);
  const loaded = useLoad(loadDirectory, version);
  const [chosen, setChosen] = useState<DirectoryLab | undefined>();
  const [sent, setSent] = useState<string | undefined>();
  return (
    <Section title={t.findTitle} loaded={loaded} testId="lab-finder">
      {(labs) => (
        <>
          <Table
            caption={t.labsCaption}
            rowKey={(l) => l.lab}
            rows={labs}
            columns={[
              { key: 'lab', header: t.lab, cell: (l) => <strong>{l.lab}</strong> },
              { key: 'owner', header: t.owner, cell: (l) => l.owner },
              { key: 'kinds', header: t.kinds, cell: (l) => l.kinds.join(', ') },
              {
                key: 'contact',
                header: t.contact,
                cell: (l) => (l.contacts.length > 0 ? l.contacts.join(', ') : t.noContact),
              },
              {
                key: 'action',
                header: t.action,
                cell: (l) =>
                  l.owner === me ? (
                    t.yours
                  ) : canRequest ? (
                    <button
                      type="button"
                      aria-label={`${t.requestAccess}: ${l.lab}`}
                      onClick={() => {
                        setSent(undefined);
                        setChosen(l);
                      }}
                    >
                      {t.requestAccess}
                    </button>
                  ) : null,
              },
            ]}
          />
          {sent ? (
            <p role="status" className="sharing-done">
              {t.sent(sent)}
            </p>
          ) : null}
          {chosen ? (
            <RequestForm
              key={chosen.lab}
              lab={chosen}
              onCancel={() => setChosen(undefined)}
              onSent={() => {
                setSent(chosen.lab);
                setChosen(undefined);
                onSent();
              }}
            />
          ) : null}
        </>
      )}
    </Section>
  );
}
