import { useSyncExternalStore } from 'react';

/**
 * Hash routing (`#/ide`): the hub serves one page, so a reload or a shared link works without
 * server routes. `/register` is also a real path (the public register's address); there the
 * path stands for `#/register` until a hash is chosen.
 */
function currentPath(): string {
  const hash = location.hash.replace(/^#/, '');
  if (hash.startsWith('/')) return hash.split('?')[0];
  if (location.pathname === '/register') return '/register';
  return '/';
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export const useRoutePath = (): string => useSyncExternalStore(subscribe, currentPath);

export const hrefOf = (path: string): string => `/#${path}`;
