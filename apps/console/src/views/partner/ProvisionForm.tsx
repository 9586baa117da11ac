import { useState, type FormEvent } from 'react';
import { gql, isGraphQLRequestError } from '../../api/client';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Field } from '../../ui/Field';
import { partnerMessages } from './messages';
import { PROVISION, type IssuedCredentials } from './queries';

/** Provisions one lamppost; the hub checks the id and says what is wrong with it, next to the field. */
export function ProvisionForm({
  lab,
  onIssued,
}: {
  lab: string;
  onIssued: (issued: IssuedCredentials) => void;
}) {
  const t = useT(partnerMessages);
  const [lamppost, setLamppost] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { provisionDevice } = await gql<{ provisionDevice: IssuedCredentials }>(PROVISION, {
        lab,
        lamppost: lamppost.trim(),
      });
      setLamppost('');
      onIssued(provisionDevice);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const fieldError =
    isGraphQLRequestError(error) && error.code === 'BAD_USER_INPUT'
      ? `${error.reason}: ${error.message}`
      : undefined;
  return (
    <form className="provision" onSubmit={(e) => void submit(e)} aria-labelledby="provision-title">
      <h2 id="provision-title">{t.provision}</h2>
      <Field
        label={t.lamppostId}
        hint={t.lamppostHint}
        name="lamppost"
        required
        autoComplete="off"
        value={lamppost}
        error={fieldError}
        onChange={(e) => setLamppost(e.target.value)}
      />
      <button type="submit" disabled={busy}>
        {t.provisionButton}
      </button>
      {error !== undefined && fieldError === undefined ? <ErrorMessage error={error} /> : null}
    </form>
  );
}
