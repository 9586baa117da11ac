import { useState } from 'react';
import { useT } from '../i18n/i18n';
import { uiMessages } from './messages';

/** Copies `text` to the clipboard and says so (in a live region). */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const t = useT(uiMessages);
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <span className="copy">
      <button type="button" onClick={copy}>
        {label ?? t.copy}
      </button>
      <span role="status" aria-live="polite" className="copy-state">
        {state === 'copied' ? t.copied : state === 'failed' ? t.copyFailed : ''}
      </span>
    </span>
  );
}
