import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

export type Lang = 'nl' | 'en';
export type Messages<M> = { readonly en: M; readonly nl: M };

const KEY = 'hub.lang';

function initialLang(): Lang {
  const saved = localStorage.getItem(KEY);
  if (saved === 'nl' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

const LangContext = createContext<{ lang: Lang; setLang: (lang: Lang) => void }>({
  lang: 'en',
  setLang: () => undefined,
});

/** The console's language: chosen by the user (kept in localStorage) or the browser's. */
export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    // WCAG 3.1.1: the page's language is the language shown.
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = (next: Lang) => {
    localStorage.setItem(KEY, next);
    setLangState(next);
  };
  return <LangContext.Provider value={{ lang, setLang }}>{children}</LangContext.Provider>;
}

export const useLang = (): Lang => useContext(LangContext).lang;
export const useSetLang = (): ((lang: Lang) => void) => useContext(LangContext).setLang;

/** The messages of the current language: `const t = useT(messages); t.title`. */
export function useT<M>(messages: Messages<M>): M {
  return messages[useLang()];
}
