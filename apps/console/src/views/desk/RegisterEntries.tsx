import { SENSOR_KINDS } from '@hub/contracts';
import { useState } from 'react';
import { gql, isGraphQLRequestError } from '../../api/client';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Field } from '../../ui/Field';
import { SET_REGISTER_ENTRY, type KindName, type ReportJson } from './desk-api';
import { deskMessages } from './messages';

const FIELDS = ['purpose', 'legalGround', 'privacyStatementUrl', 'activeUntil', 'contact'] as const;
type Entry = Record<(typeof FIELDS)[number], string>;

function entryOf(report: ReportJson, kind: KindName): Entry {
  const s = report.sensors.find((x) => x.kind === kind);
  return {
    purpose: s?.purpose ?? '',
    legalGround: s?.legalGround ?? '',
    privacyStatementUrl: s?.privacyStatement ?? '',
    activeUntil: s?.activeUntil ?? '',
    contact: s?.contact ?? '',
  };
}

/** The public register entry of one sensor kind of the lab (setSensorRegisterEntry). */
export function RegisterEntries({
  lab,
  report,
  readOnly,
  onSaved,
}: {
  lab: string;
  report: ReportJson;
  readOnly: boolean;
  onSaved: () => void;
}) {
  const t = useT(deskMessages);
  const [kind, setKind] = useState<KindName>('camera');
  const [entry, setEntry] = useState<Entry>(() => entryOf(report, 'camera'));
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const registered = report.sensors.find((x) => x.kind === kind)?.registered ?? false;
  const fieldError = (name: string): string | undefined =>
    isGraphQLRequestError(error) && error.field === name ? error.message : undefined;
  const save = async () => {
    setError(undefined);
    setSaved(false);
    try {
      await gql(SET_REGISTER_ENTRY, { input: { lab, kind, ...entry } });
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="desk-panel" aria-labelledby="desk-register">
      <h2 id="desk-register">{t.register}</h2>
      <p>{t.registerIntro}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="field">
          <label htmlFor="desk-register-kind">{t.sensor}</label>
          <select
            id="desk-register-kind"
            value={kind}
            onChange={(e) => {
              const next = e.target.value as KindName;
              setKind(next);
              setEntry(entryOf(report, next));
              setSaved(false);
            }}
          >
            {SENSOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {t.kinds[k].name}
              </option>
            ))}
          </select>
        </div>
        {registered ? null : <p className="desk-note">{t.notRegistered}</p>}
        {FIELDS.map((name) => (
          <Field
            key={`${kind}-${name}`}
            label={t[name]}
            name={name}
            value={entry[name]}
            readOnly={readOnly}
            type={name === 'activeUntil' ? 'date' : name === 'privacyStatementUrl' ? 'url' : 'text'}
            error={fieldError(name)}
            onChange={(e) => setEntry({ ...entry, [name]: e.target.value })}
          />
        ))}
        {readOnly ? null : <button type="submit">{t.save}</button>}
        {saved ? <p role="status">{t.saved}</p> : null}
        {error && !(isGraphQLRequestError(error) && error.field) ? (
          <ErrorMessage error={error} />
        ) : null}
      </form>
    </section>
  );
}
