import { useState } from 'react';
import { gql } from '../../api/client';
import { useLang, useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { CredentialsNotice } from './CredentialsNotice';
import { DeviceCard } from './DeviceCard';
import { absoluteTime } from './format';
import { partnerMessages } from './messages';
import { ProvisionForm } from './ProvisionForm';
import { BOARD, REVOKE, ROTATE, type Board, type IssuedCredentials } from './queries';
import { usePoll } from './use-poll';

/**
 * Polled, not subscribed: presence and refusals change a few times a minute, one small query
 * every few seconds per open board costs the hub less than a live feed per device, and a poll
 * needs no resume logic after a network blip.
 */
export const REFRESH_SECONDS = 5;

/** The devices of one lab, refreshed every few seconds, with provisioning and credentials. */
export function LabBoard({ lab }: { lab: string }) {
  const t = useT(partnerMessages);
  const lang = useLang();
  const board = usePoll(lab, () => gql<Board>(BOARD, { lab }), REFRESH_SECONDS * 1000);
  const [issued, setIssued] = useState<IssuedCredentials>();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>();
  const [notice, setNotice] = useState('');

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setActionError(undefined);
    setNotice('');
    try {
      await work();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
      board.reload();
    }
  };
  const rotate = (lamppost: string) =>
    act(async () => {
      const r = await gql<{ rotateDeviceCredentials: IssuedCredentials }>(ROTATE, {
        lab,
        lamppost,
      });
      setIssued(r.rotateDeviceCredentials);
    });
  const revoke = (lamppost: string) =>
    act(async () => {
      await gql(REVOKE, { lab, lamppost });
      setNotice(t.revoked(lamppost));
    });

  const latestOf = (lamppost: string) =>
    board.data?.lampposts.find((l) => l.id === lamppost)?.latest ?? [];
  return (
    <>
      {issued ? <CredentialsNotice issued={issued} onDone={() => setIssued(undefined)} /> : null}
      <ProvisionForm
        lab={lab}
        onIssued={(credentials) => {
          setIssued(credentials);
          board.reload();
        }}
      />
      <section aria-labelledby="devices-title" className="devices">
        <h2 id="devices-title">{t.devices}</h2>
        <p className="refresh">
          {t.refreshing(REFRESH_SECONDS)}{' '}
          {board.at ? t.updatedAt(absoluteTime(new Date(board.at).toISOString(), lang)) : null}
        </p>
        <p role="status" aria-live="polite">
          {notice}
        </p>
        {actionError !== undefined ? <ErrorMessage error={actionError} /> : null}
        {board.error !== undefined ? <ErrorMessage error={board.error} /> : null}
        {!board.data ? (
          board.error === undefined ? (
            <Loading />
          ) : null
        ) : board.data.devices.length === 0 ? (
          <p className="empty">{t.noDevices}</p>
        ) : (
          board.data.devices.map((device) => (
            <DeviceCard
              key={device.lamppost}
              device={device}
              latest={latestOf(device.lamppost)}
              nowMs={board.at ?? Date.now()}
              busy={busy}
              onRotate={() => void rotate(device.lamppost)}
              onRevoke={() => void revoke(device.lamppost)}
            />
          ))
        )}
      </section>
    </>
  );
}
