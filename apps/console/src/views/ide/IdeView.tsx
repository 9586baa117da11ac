import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { rawGql } from '../../api/client';
import { useSession } from '../../app/session';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Field } from '../../ui/Field';
import { ideMessages } from './messages';
import { SchemaPanel } from './SchemaPanel';
import './ide.css';

const FIRST_QUERY = '{\n  whatCanISee {\n    role\n    municipality\n    lab\n  }\n}\n';

type Outcome =
  | { status: number; text: string }
  | { error: unknown }
  | { problem: 'badVariables' | 'noToken' | 'subscriptionsElsewhere' };

function parseVariables(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The GraphQL IDE (`#/ide`; a browser opening /graphql lands here): an editor, variables, a
 * token, and the hub's whole answer (data and errors, HTTP status). Bundled with the console:
 * no CDN, so it works offline.
 */
export default function IdeView() {
  const t = useT(ideMessages);
  const session = useSession();
  const ids = useId();
  const [token, setToken] = useState(session?.token ?? '');
  const [query, setQuery] = useState(FIRST_QUERY);
  const [variables, setVariables] = useState('{}');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);

  const run = () => {
    const vars = parseVariables(variables);
    if (vars === undefined) return setOutcome({ problem: 'badVariables' });
    if (token.trim() === '') return setOutcome({ problem: 'noToken' });
    if (/^\s*subscription\b/.test(query)) return setOutcome({ problem: 'subscriptionsElsewhere' });
    setBusy(true);
    rawGql<unknown>(query, vars, token.trim())
      .then(
        ({ status, body }) => setOutcome({ status, text: JSON.stringify(body, null, 2) }),
        (error: unknown) => setOutcome({ error }),
      )
      .finally(() => setBusy(false));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run();
  };
  const runOnCtrlEnter = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  };

  return (
    <div className="ide">
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <div className="ide-grid">
        <form className="ide-editor" onSubmit={submit} aria-label={t.title}>
          <Field
            label={t.token}
            type="password"
            name="ide-token"
            autoComplete="off"
            spellCheck={false}
            value={token}
            hint={t.tokenHint}
            onChange={(e) => setToken(e.target.value)}
          />
          <label htmlFor={`${ids}-query`}>{t.query}</label>
          <textarea
            id={`${ids}-query`}
            name="query"
            rows={14}
            spellCheck={false}
            value={query}
            aria-describedby={`${ids}-hint`}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={runOnCtrlEnter}
          />
          <label htmlFor={`${ids}-variables`}>{t.variables}</label>
          <textarea
            id={`${ids}-variables`}
            name="variables"
            rows={4}
            spellCheck={false}
            value={variables}
            onChange={(e) => setVariables(e.target.value)}
            onKeyDown={runOnCtrlEnter}
          />
          <p className="field-hint" id={`${ids}-hint`}>
            {t.runHint}
          </p>
          <button type="submit" disabled={busy}>
            {busy ? t.running : t.run}
          </button>
        </form>
        <section className="ide-result" aria-labelledby={`${ids}-result`}>
          <h2 id={`${ids}-result`}>{t.result}</h2>
          <div aria-live="polite">
            {outcome && 'status' in outcome ? (
              <>
                <p className="ide-status">{t.status(outcome.status)}</p>
                <pre data-testid="ide-result" tabIndex={0}>
                  {outcome.text}
                </pre>
              </>
            ) : null}
            {outcome && 'error' in outcome ? <ErrorMessage error={outcome.error} /> : null}
            {outcome && 'problem' in outcome ? <p role="alert">{t[outcome.problem]}</p> : null}
          </div>
        </section>
      </div>
      <SchemaPanel token={token} />
    </div>
  );
}
