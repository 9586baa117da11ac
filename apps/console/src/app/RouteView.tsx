import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { useT } from '../i18n/i18n';
import { Loading } from '../ui/Loading';
import { appMessages } from './messages';
import { ROUTES, type RouteDef } from './routes';
import { useSession } from './session';
import { SignInForm } from './SignInForm';

// One lazy component per route, made once, so a re-render does not reload the view.
const views = new Map<RouteDef, LazyExoticComponent<ComponentType>>();
const viewOf = (route: RouteDef) => {
  let view = views.get(route);
  if (!view) views.set(route, (view = lazy(route.load)));
  return view;
};

export function RouteView({ path }: { path: string }) {
  const t = useT(appMessages);
  const session = useSession();
  const route = ROUTES.find((r) => r.path === path);
  if (!route) return <p>{t.notFound}</p>;
  if (route.roles !== 'public') {
    if (!session) {
      return (
        <>
          <p>{t.needSignIn}</p>
          <SignInForm />
        </>
      );
    }
    if (!route.roles.includes(session.role)) return <p role="alert">{t.notAllowed}</p>;
  }
  const View = viewOf(route);
  return (
    <Suspense fallback={<Loading />}>
      <View />
    </Suspense>
  );
}
