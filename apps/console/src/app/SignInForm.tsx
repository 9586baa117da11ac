import { useState, type FormEvent } from 'react';
import { useT } from '../i18n/i18n';
import { ErrorMessage } from '../ui/ErrorMessage';
import { Field } from '../ui/Field';
import { appMessages } from './messages';
import { signIn } from './session';

export function SignInForm() {
  const t = useT(appMessages);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (token.trim() === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    signIn(token).then(
      () => setToken(''),
      (e: unknown) => {
        setError(e);
        setBusy(false);
      },
    );
  };
  return (
    <form className="sign-in" onSubmit={submit} aria-labelledby="sign-in-title" noValidate>
      <h2 id="sign-in-title">{t.signInTitle}</h2>
      <Field
        label={t.token}
        type="password"
        name="token"
        autoComplete="off"
        spellCheck={false}
        value={token}
        hint={t.tokenHint}
        error={missing ? t.tokenRequired : undefined}
        onChange={(e) => setToken(e.target.value)}
      />
      <button type="submit" disabled={busy}>
        {busy ? t.signingIn : t.signIn}
      </button>
      {error !== undefined ? <ErrorMessage error={error} /> : null}
    </form>
  );
}
