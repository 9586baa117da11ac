import type { MouseEvent } from 'react';
import { useLang, useSetLang, useT, type Lang } from '../i18n/i18n';
import { appMessages, roleNames } from './messages';
import { hrefOf } from './router';
import { routesFor } from './routes';
import { signOut, useSession } from './session';

const LANGS: readonly { code: Lang; name: string }[] = [
  { code: 'nl', name: 'Nederlands' },
  { code: 'en', name: 'English' },
];

/** The hash is the route: the skip link moves focus without changing it. */
const skipToMain = (event: MouseEvent) => {
  event.preventDefault();
  document.getElementById('main')?.focus();
};

export function Header({ path }: { path: string }) {
  const t = useT(appMessages);
  const lang = useLang();
  const setLang = useSetLang();
  const session = useSession();
  const routes = routesFor(session?.role);
  return (
    <header className="app-header">
      <a className="skip" href="#main" onClick={skipToMain}>
        {t.skip}
      </a>
      <div className="brand">
        <a href={hrefOf('/')}>{t.product}</a>
        <span className="tagline">{t.tagline}</span>
      </div>
      <div className="lang" role="group" aria-label={t.language}>
        {LANGS.map((l) => (
          <button
            key={l.code}
            type="button"
            lang={l.code}
            aria-pressed={lang === l.code}
            onClick={() => setLang(l.code)}
          >
            {l.code.toUpperCase()}
            <span className="visually-hidden"> {l.name}</span>
          </button>
        ))}
      </div>
      {session ? (
        <div className="who">
          <span data-testid="signed-in-as">
            {t.signedInAs} <strong>{roleNames[lang][session.role] ?? session.role}</strong>
            {session.municipality ? ` (${session.municipality})` : ''}
            {session.lab ? ` · ${session.lab}` : ''}
          </span>
          <button type="button" onClick={signOut}>
            {t.signOut}
          </button>
        </div>
      ) : null}
      <nav aria-label={t.nav}>
        <ul>
          <li>
            <a href={hrefOf('/')} aria-current={path === '/' ? 'page' : undefined}>
              {t.home}
            </a>
          </li>
          {routes.map((r) => (
            <li key={r.path}>
              <a href={hrefOf(r.path)} aria-current={path === r.path ? 'page' : undefined}>
                {r.label[lang]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
