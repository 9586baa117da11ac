import { useT } from '../i18n/i18n';
import { appMessages } from './messages';
import { hrefOf } from './router';
import { useSession } from './session';
import { SignInForm } from './SignInForm';

export function Landing() {
  const t = useT(appMessages);
  const session = useSession();
  return (
    <>
      <h1>{t.product}</h1>
      {session ? null : <SignInForm />}
      <section aria-labelledby="landing-title">
        <h2 id="landing-title">{t.landingTitle}</h2>
        <p>{t.landingIntro}</p>
        <ul className="roles">
          {Object.entries(t.roles).map(([role, line]) => (
            <li key={role} data-role={role}>
              {line}
            </li>
          ))}
        </ul>
        <p>
          <a href={hrefOf('/register')}>{t.publicNote}</a>
        </p>
      </section>
    </>
  );
}
