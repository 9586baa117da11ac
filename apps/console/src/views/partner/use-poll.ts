import { useCallback, useEffect, useState } from 'react';

export interface Polled<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  /** When the last answer arrived (ms since the epoch). */
  readonly at: number | undefined;
  /** Loads again now (after a change the user made). */
  readonly reload: () => void;
}

/**
 * Loads now and then every `everyMs` after the previous answer (never two requests at once),
 * skipping turns while the tab is hidden. `key` names what is loaded: a new key starts afresh.
 */
export function usePoll<T>(key: string, load: () => Promise<T>, everyMs: number): Polled<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; at?: number }>({});
  const [turn, setTurn] = useState(0);
  const reload = useCallback(() => setTurn((n) => n + 1), []);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async (): Promise<void> => {
      if (document.visibilityState !== 'hidden') {
        try {
          const data = await load();
          if (!stopped) setState({ data, at: Date.now() });
        } catch (error) {
          if (!stopped) setState((s) => ({ ...s, error, at: Date.now() }));
        }
      }
      if (!stopped) timer = setTimeout(() => void tick(), everyMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // `load` is a fresh closure each render; `key` and `turn` say when it really changed.
  }, [key, turn, everyMs]);

  return { ...state, error: state.error, reload } as Polled<T>;
}
