import { LangProvider } from '../i18n/i18n';
import { Header } from './Header';
import { Landing } from './Landing';
import { useRoutePath } from './router';
import { RouteView } from './RouteView';
import { SessionProvider } from './session';
import './app.css';
import '../ui/ui.css';

function Shell() {
  const path = useRoutePath();
  return (
    <>
      <Header path={path} />
      <main id="main" tabIndex={-1}>
        {path === '/' ? <Landing /> : <RouteView key={path} path={path} />}
      </main>
    </>
  );
}

export function App() {
  return (
    <LangProvider>
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </LangProvider>
  );
}
