import { useEffect, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { registerMessages } from './messages';
import { fetchRegister, type RegisterKind, type RegisterLab } from './register-data';
import './register.css';

type State = { labs: RegisterLab[] } | { error: unknown } | undefined;

/** The public sensor register (`/register`): per lab and sensor kind, in plain language. */
export default function RegisterView() {
  const t = useT(registerMessages);
  const [state, setState] = useState<State>(undefined);
  useEffect(() => {
    fetchRegister().then(
      (labs) => setState({ labs }),
      (error: unknown) => setState({ error }),
    );
  }, []);
  return (
    <article className="register">
      <h1>{t.title}</h1>
      <p className="lead">{t.intro}</p>
      {state === undefined ? <Loading label={t.loading} /> : null}
      {state && 'error' in state ? <ErrorMessage error={state.error} /> : null}
      {state && 'labs' in state && state.labs.length === 0 ? <p>{t.empty}</p> : null}
      {state && 'labs' in state && state.labs.length > 0 ? (
        <>
          <p className="note">{t.givenBy}</p>
          {state.labs.map((lab) => (
            <LabSection key={lab.lab} lab={lab} />
          ))}
        </>
      ) : null}
    </article>
  );
}

function LabSection({ lab }: { lab: RegisterLab }) {
  const t = useT(registerMessages);
  const id = `lab-${lab.lab}`;
  return (
    <section aria-labelledby={id} className="register-lab">
      <h2 id={id}>{t.lab(lab.lab)}</h2>
      <p>
        {t.responsible}: <strong>{lab.municipality ?? t.unknown}</strong>
      </p>
      {lab.kinds.map((k) => (
        <KindCard key={k.kind} lab={lab.lab} sensor={k} />
      ))}
    </section>
  );
}

function KindCard({ lab, sensor }: { lab: string; sensor: RegisterKind }) {
  const t = useT(registerMessages);
  const text = t.kinds[sensor.kind];
  const id = `kind-${lab}-${sensor.kind}`;
  return (
    <section aria-labelledby={id} className="register-kind" data-kind={sensor.kind}>
      <h3 id={id}>{text?.name ?? sensor.kind}</h3>
      <dl>
        <dt>{t.measured}</dt>
        <dd>{text?.measured ?? sensor.kind}</dd>
        <dt>{t.kept}</dt>
        <dd>{sensor.kept ? t.keptText(sensor.kept) : t.keptNone}</dd>
        <dt>{t.howLong}</dt>
        <dd>{t.retention(sensor.retentionDays)}</dd>
        <dt>{t.neverKept}</dt>
        <dd>{text?.neverKept ?? sensor.personalDataNote}</dd>
        <dt>{t.purpose}</dt>
        <dd>{sensor.purpose}</dd>
        <dt>{t.legalGround}</dt>
        <dd>{sensor.legalGround}</dd>
        <dt>{t.personalData}</dt>
        <dd>{sensor.personalData ? t.yes : t.no}</dd>
        <dt>{t.responsible}</dt>
        <dd>{sensor.municipality ?? t.unknown}</dd>
        <dt>{t.contact}</dt>
        <dd>{sensor.contact}</dd>
        <dt>{t.privacyStatement}</dt>
        <dd>
          <a href={sensor.privacyStatement} rel="noreferrer">
            {sensor.privacyStatement}
          </a>
        </dd>
        <dt>{t.activeUntil}</dt>
        <dd>
          <time dateTime={sensor.activeUntil}>{sensor.activeUntil}</time>
        </dd>
        <dt>{t.rules}</dt>
        <dd>{sensor.rules ? <code>{sensor.rules}</code> : t.noRules}</dd>
        <dt>{t.lampposts}</dt>
        <dd>{sensor.lampposts.join(', ')}</dd>
      </dl>
    </section>
  );
}
