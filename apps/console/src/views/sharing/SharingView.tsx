import { useState } from 'react';
import { useSession } from '../../app/session';
import { useT } from '../../i18n/i18n';
import { GivenAgreements } from './GivenAgreements';
import { IncomingRequests } from './IncomingRequests';
import { LabFinder } from './LabFinder';
import { sharingMessages } from './messages';
import { MyRequests } from './MyRequests';
import { VisibleLabs } from './VisibleLabs';
import './sharing.css';

/**
 * `#/sharing`: a municipality finds labs, asks for access and follows its requests; the owner's
 * privacy officer (and an admin) decides incoming requests and revokes agreements in force.
 */
export default function SharingView() {
  const t = useT(sharingMessages);
  const session = useSession();
  // One counter: any action reloads every list, so the page never shows a stale status.
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  if (!session) return null;
  const role = session.role;
  const asks = role === 'municipality' || role === 'privacy-officer';
  const decides = role === 'privacy-officer' || role === 'admin';
  return (
    <div className="sharing">
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {role === 'municipality' ? <VisibleLabs version={version} /> : null}
      <LabFinder me={session.municipality} canRequest={asks} version={version} onSent={changed} />
      {asks ? <MyRequests version={version} onChanged={changed} /> : null}
      {decides ? <IncomingRequests version={version} onChanged={changed} /> : null}
      {decides ? <GivenAgreements version={version} onChanged={changed} /> : null}
    </div>
  );
}
