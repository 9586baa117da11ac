import { useEffect, useState } from 'react';
import { gql } from '../../api/client';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { LabBoard } from './LabBoard';
import { partnerMessages } from './messages';
import { LABS, type LabRef } from './queries';
import './partner.css';

/** `#/partner`: the labs the token manages (a partner's one lab; every lab for an admin). */
export default function PartnerBoard() {
  const t = useT(partnerMessages);
  const [labs, setLabs] = useState<readonly LabRef[]>();
  const [error, setError] = useState<unknown>();
  const [lab, setLab] = useState<string>();

  useEffect(() => {
    gql<{ labs: LabRef[] }>(LABS).then(
      (r) => {
        setLabs(r.labs);
        setLab((current) => current ?? r.labs[0]?.id);
      },
      (e: unknown) => setError(e),
    );
  }, []);

  return (
    <div className="partner-board">
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {error !== undefined ? <ErrorMessage error={error} /> : null}
      {!labs && error === undefined ? <Loading /> : null}
      {labs && labs.length === 0 ? <p className="empty">{t.noLabs}</p> : null}
      {labs && labs.length > 1 ? (
        <div className="field lab-choice">
          <label htmlFor="partner-lab">{t.lab}</label>
          <select id="partner-lab" value={lab} onChange={(e) => setLab(e.target.value)}>
            {labs.map((l) => (
              <option key={l.id} value={l.id}>
                {l.id} ({l.municipality})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {labs && labs.length === 1 ? (
        <p>
          {t.lab}: <strong>{labs[0].id}</strong> ({labs[0].municipality})
        </p>
      ) : null}
      {lab ? <LabBoard key={lab} lab={lab} /> : null}
    </div>
  );
}
