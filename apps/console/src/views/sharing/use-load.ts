import { useEffect, useState } from 'react';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly error: unknown }
  | { readonly state: 'done'; readonly value: T };

/**
 * Runs `load` now and again whenever `version` changes (after an action); the latest answer
 * wins. `load` must be a stable function (module level), or it reloads on every render.
 */
export function useLoad<T>(load: () => Promise<T>, version: number): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setResult({ state: 'done', value }),
      (error: unknown) => current && setResult({ state: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [load, version]);
  return result;
}
