import { useId, useState, type FormEvent } from 'react';
import { asRequestError } from '../../api/errors';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Field } from '../../ui/Field';
import { requestSharing, type DirectoryLab } from './api';
import { sharingMessages } from './messages';
import { checkRequest, MAX_TEXT } from './validate';

type FieldName = 'kinds' | 'level' | 'purpose' | 'legalBasis' | 'until';
const FIELDS: readonly string[] = ['kinds', 'level', 'purpose', 'legalBasis', 'until'];

const today = (): string => new Date().toISOString().slice(0, 10);

/** Asks the owner of `lab` for access: kinds, level, purpose, legal basis and period. */
export function RequestForm({
  lab,
  onSent,
  onCancel,
}: {
  lab: DirectoryLab;
  onSent: () => void;
  onCancel: () => void;
}) {
  const t = useT(sharingMessages);
  const ids = { kinds: useId(), level: useId(), purpose: useId(), title: useId() };
  const [kinds, setKinds] = useState<string[]>([]);
  const [level, setLevel] = useState('aggregates');
  const [purpose, setPurpose] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [until, setUntil] = useState('');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [refusal, setRefusal] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRefusal(undefined);
    const problems = checkRequest({ kinds, purpose, legalBasis, until }, today());
    const shown: Partial<Record<FieldName, string>> = {};
    for (const [name, problem] of Object.entries(problems)) {
      shown[name as FieldName] = t.problems[problem];
    }
    setErrors(shown);
    if (Object.keys(shown).length > 0) return;
    setBusy(true);
    try {
      await requestSharing({
        lab: lab.lab,
        kinds,
        level,
        purpose: purpose.trim(),
        ...(legalBasis.trim() ? { legalBasis: legalBasis.trim() } : {}),
        until,
      });
      onSent();
    } catch (e) {
      // The hub names the field at fault when there is one: show its words next to it.
      const error = asRequestError(e);
      if (error.field && FIELDS.includes(error.field)) {
        setErrors({ [error.field]: error.message });
      } else {
        setRefusal(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const toggle = (kind: string) =>
    setKinds((now) => (now.includes(kind) ? now.filter((k) => k !== kind) : [...now, kind]));

  return (
    <form
      className="sharing-form"
      aria-labelledby={ids.title}
      onSubmit={(e) => void submit(e)}
      noValidate
      data-testid="request-form"
    >
      <h3 id={ids.title}>{t.requestTitle(lab.lab)}</h3>
      <fieldset aria-describedby={errors.kinds ? `${ids.kinds}-error` : undefined}>
        <legend>{t.kinds}</legend>
        {lab.kinds.map((kind) => (
          <label key={kind} className="choice">
            <input
              type="checkbox"
              name="kinds"
              value={kind}
              checked={kinds.includes(kind)}
              onChange={() => toggle(kind)}
            />
            {kind}
          </label>
        ))}
        {errors.kinds ? (
          <span className="field-error" id={`${ids.kinds}-error`}>
            {errors.kinds}
          </span>
        ) : null}
      </fieldset>
      <fieldset aria-describedby={errors.level ? `${ids.level}-error` : undefined}>
        <legend>{t.level}</legend>
        {(['aggregates', 'readings'] as const).map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="level"
              value={value}
              checked={level === value}
              onChange={() => setLevel(value)}
            />
            {value === 'aggregates' ? t.levelAggregates : t.levelReadings}
          </label>
        ))}
        {errors.level ? (
          <span className="field-error" id={`${ids.level}-error`}>
            {errors.level}
          </span>
        ) : null}
      </fieldset>
      <div className="field">
        <label htmlFor={ids.purpose}>{t.purpose}</label>
        <textarea
          id={ids.purpose}
          name="purpose"
          rows={3}
          value={purpose}
          maxLength={MAX_TEXT * 2}
          aria-invalid={errors.purpose ? true : undefined}
          aria-describedby={`${ids.purpose}-hint${errors.purpose ? ` ${ids.purpose}-error` : ''}`}
          onChange={(e) => setPurpose(e.target.value)}
        />
        <span className="field-hint" id={`${ids.purpose}-hint`}>
          {t.purposeHint}
        </span>
        {errors.purpose ? (
          <span className="field-error" id={`${ids.purpose}-error`}>
            {errors.purpose}
          </span>
        ) : null}
      </div>
      <Field
        label={t.legalBasis}
        name="legalBasis"
        value={legalBasis}
        hint={t.legalBasisHint}
        error={errors.legalBasis}
        onChange={(e) => setLegalBasis(e.target.value)}
      />
      <Field
        label={t.until}
        name="until"
        type="date"
        min={today()}
        value={until}
        error={errors.until}
        onChange={(e) => setUntil(e.target.value)}
      />
      {refusal ? <ErrorMessage error={refusal} /> : null}
      <div className="sharing-buttons">
        <button type="submit" disabled={busy}>
          {t.send}
        </button>
        <button type="button" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
