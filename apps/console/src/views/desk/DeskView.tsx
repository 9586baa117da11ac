import { useEffect, useState } from 'react';
import { gql } from '../../api/client';
import { useSession } from '../../app/session';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { CHAIN, WHO_AM_I, type ChainLab } from './desk-api';
import { LabDesk } from './LabDesk';
import { deskMessages } from './messages';
import './desk.css';

/**
 * The privacy officer's desk (#/desk): per lab of the officer's municipality the rules in force,
 * their history, proposals with four-eyes review, the chain check, statistics, report and
 * register. Admins see it read-only.
 */
export default function DeskView() {
  const t = useT(deskMessages);
  const session = useSession();
  const [labs, setLabs] = useState<readonly ChainLab[]>();
  const [holder, setHolder] = useState<string | null>(null);
  const [lab, setLab] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    Promise.all([
      gql<{ ruleChainVerification: { labs: ChainLab[] } }>(CHAIN),
      gql<{ whatCanISee: { holder: string | null } }>(WHO_AM_I),
    ])
      .then(([chain, me]) => {
        setLabs(chain.ruleChainVerification.labs);
        setHolder(me.whatCanISee.holder);
        setLab((current) => current ?? chain.ruleChainVerification.labs[0]?.lab);
      })
      .catch(setError);
  }, []);
  const readOnly = session?.role !== 'privacy-officer';
  return (
    <section className="desk" aria-labelledby="desk-title">
      <h1 id="desk-title">{t.title}</h1>
      <p>{t.intro}</p>
      {readOnly ? <p className="desk-note">{t.readOnly}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {!labs && !error ? <Loading label={t.loading} /> : null}
      {labs && labs.length === 0 ? <p>{t.noLabs}</p> : null}
      {labs && labs.length > 0 ? (
        <div className="field desk-lab">
          <label htmlFor="desk-lab">{t.lab}</label>
          <select id="desk-lab" value={lab} onChange={(e) => setLab(e.target.value)}>
            {labs.map((l) => (
              <option key={l.lab} value={l.lab}>
                {l.lab}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {lab && labs ? <LabDesk key={lab} lab={lab} holder={holder} readOnly={readOnly} /> : null}
    </section>
  );
}
