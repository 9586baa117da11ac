import { useLang, useT } from '../../i18n/i18n';
import { Table } from '../../ui/Table';
import { ConfirmButton } from './ConfirmButton';
import { valuesLine } from './format';
import { partnerMessages } from './messages';
import type { DeviceHealth, LatestReading } from './queries';
import { explainCode } from './refusal-codes';
import { TimeAgo } from './TimeAgo';

/** One lamppost: connection, last seen, latest readings, refusals, and what the partner can do. */
export function DeviceCard({
  device,
  latest,
  nowMs,
  busy,
  onRotate,
  onRevoke,
}: {
  device: DeviceHealth;
  latest: readonly LatestReading[];
  nowMs: number;
  busy: boolean;
  onRotate: () => void;
  onRevoke: () => void;
}) {
  const t = useT(partnerMessages);
  const lang = useLang();
  const { connection: c } = device;
  const headingId = `device-${device.lamppost}`;
  return (
    <article
      className="device"
      aria-labelledby={headingId}
      data-testid={`device-${device.lamppost}`}
    >
      <header className="device-head">
        <h3 id={headingId}>{device.lamppost}</h3>
        {/* Text and shape say it, not colour alone (WCAG 1.4.1). */}
        <span className={c.online ? 'presence online' : 'presence offline'} data-testid="presence">
          <span aria-hidden="true">{c.online ? '●' : '○'}</span> {c.online ? t.online : t.offline}
        </span>
        <span className="since">
          {c.since ? (
            <>
              {c.online ? t.onlineSince : t.offlineSince} <TimeAgo iso={c.since} nowMs={nowMs} />
            </>
          ) : (
            t.neverConnected
          )}
        </span>
      </header>
      <dl className="device-facts">
        <dt>{t.lastSeen}</dt>
        <dd data-testid="last-seen">
          {c.lastSeen ? <TimeAgo iso={c.lastSeen} nowMs={nowMs} /> : t.neverSeen}
        </dd>
        <dt>{t.status}</dt>
        <dd>
          {t.statuses[device.status]} · <code>{device.username}</code>
        </dd>
      </dl>

      {latest.length > 0 ? (
        <Table
          caption={t.latest}
          rowKey={(r) => r.kind}
          rows={latest}
          columns={[
            { key: 'kind', header: t.kind, cell: (r) => r.kind },
            { key: 'values', header: t.values, cell: (r) => valuesLine(r.values) },
            {
              key: 'observed',
              header: t.observed,
              cell: (r) => <TimeAgo iso={r.observedAt} nowMs={nowMs} />,
            },
          ]}
        />
      ) : null}

      <div className="refusals" data-testid="refusals">
        {device.refusals.length === 0 ? (
          <p className="empty">{t.noRefusals}</p>
        ) : (
          <Table
            caption={t.refusals(device.lamppost)}
            rowKey={(r) => r.code}
            rows={device.refusals}
            columns={[
              { key: 'code', header: t.code, cell: (r) => <code>{r.code}</code> },
              { key: 'count', header: t.count, numeric: true, cell: (r) => r.count },
              { key: 'meaning', header: t.meaning, cell: (r) => explainCode(r.code, lang) },
              {
                key: 'reason',
                header: t.latestReason,
                cell: (r) => (
                  <>
                    {r.latestReason ?? '—'}
                    <br />
                    <TimeAgo iso={r.latestAt} nowMs={nowMs} />
                  </>
                ),
              },
            ]}
          />
        )}
        {device.recentRefusals.length > 0 ? (
          <>
            <h4>{t.recent}</h4>
            <ul className="recent">
              {device.recentRefusals.map((r, i) => (
                <li key={`${r.at}-${i}`}>
                  <code>{r.code}</code> <TimeAgo iso={r.at} nowMs={nowMs} />:{' '}
                  {r.reason ?? explainCode(r.code, lang)}{' '}
                  <span className="where">
                    ({t.onTopic} <code>{r.topic}</code>
                    {r.field ? (
                      <>
                        , {t.field} <code>{r.field}</code>
                      </>
                    ) : null}
                    )
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>

      {device.status !== 'decommissioned' ? (
        <div className="actions">
          <ConfirmButton
            label={
              <>
                {t.rotate}
                <span className="visually-hidden"> {device.lamppost}</span>
              </>
            }
            question={t.confirmRotate(device.lamppost)}
            yes={t.yesRotate}
            no={t.cancel}
            busy={busy}
            onConfirm={onRotate}
          />{' '}
          {device.status === 'active' ? (
            <ConfirmButton
              label={
                <>
                  {t.revoke}
                  <span className="visually-hidden"> {device.lamppost}</span>
                </>
              }
              question={t.confirmRevoke(device.lamppost)}
              yes={t.yesRevoke}
              no={t.cancel}
              danger
              busy={busy}
              onConfirm={onRevoke}
            />
          ) : null}
        </div>
      ) : null}
    </article>
  );
}
