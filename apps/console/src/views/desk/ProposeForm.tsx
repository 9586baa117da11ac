import { SENSOR_KINDS } from '@hub/contracts';
import { useMemo, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Field } from '../../ui/Field';
import { PROPOSE, type RuleVersion } from './desk-api';
import { DryRunResultView, type DryRun } from './DryRunResult';
import { DRY_RUN } from './desk-api';
import { sendForm, type FormRefusal } from './field-errors';
import { deskMessages } from './messages';
import { buildDraft, editables, initialValues } from './rule-draft';

/**
 * Propose a new version: starts from the version in force, numbers edited per sensor kind, a
 * reason and a reference. The hub's refusal is shown next to each field it names; a dry run
 * shows what the draft would change before it is proposed.
 */
export function ProposeForm({
  lab,
  active,
  versions,
  onProposed,
}: {
  lab: string;
  active: RuleVersion;
  versions: readonly RuleVersion[];
  onProposed: () => void;
}) {
  const t = useT(deskMessages);
  const base = active.content;
  const next = Math.max(...versions.map((v) => v.version)) + 1;
  const [version, setVersion] = useState(String(next));
  const [values, setValues] = useState(() => initialValues(base, t));
  const [included, setIncluded] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(SENSOR_KINDS.map((k) => [k, base.kinds[k] !== undefined])),
  );
  const [reason, setReason] = useState('');
  const [reference, setReference] = useState('');
  const [refusal, setRefusal] = useState<FormRefusal>();
  const [done, setDone] = useState<number>();
  const [dryRun, setDryRun] = useState<DryRun>();
  const [busy, setBusy] = useState(false);
  const draft = useMemo(
    () => buildDraft(base, version, included, values),
    [base, version, included, values],
  );
  const shownFields = new Set(['version', 'reason', 'reference', ...Object.keys(values)]);
  const err = (path: string): string | undefined => refusal?.byField[path];
  const others = Object.entries(refusal?.byField ?? {}).filter(([f]) => !shownFields.has(f));

  const run = async (what: 'propose' | 'dry-run') => {
    setBusy(true);
    setRefusal(undefined);
    setDone(undefined);
    try {
      if (what === 'propose') {
        const r = await sendForm<{ proposeRuleSet: { version: number } }>(PROPOSE, {
          input: { lab, content: draft, reason, reference },
        });
        if ('refusal' in r) return setRefusal(r.refusal);
        setDone(r.data.proposeRuleSet.version);
        onProposed();
      } else {
        const kinds = SENSOR_KINDS.filter((k) => included[k]);
        const r = await sendForm<{ privacyDryRun: DryRun }>(DRY_RUN, {
          input: { lab, proposal: draft, preset: { kinds, lampposts: 1 } },
        });
        if ('refusal' in r) return setRefusal(r.refusal);
        setDryRun(r.data.privacyDryRun);
      }
    } catch (e) {
      setRefusal({ byField: {}, error: e });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="desk-panel" aria-labelledby="desk-propose">
      <h2 id="desk-propose">{t.propose}</h2>
      <p>{t.proposeIntro(active.version)}</p>
      <form
        className="desk-propose"
        data-testid="propose-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run('propose');
        }}
      >
        <Field
          label={t.newVersion}
          name="version"
          type="number"
          value={version}
          error={err('version')}
          onChange={(e) => setVersion(e.target.value)}
        />
        {SENSOR_KINDS.filter((k) => base.kinds[k]).map((kind) => (
          <fieldset key={kind} className="desk-kind">
            <legend>{t.kinds[kind].name}</legend>
            <div className="desk-check">
              <input
                id={`desk-include-${kind}`}
                type="checkbox"
                checked={included[kind]}
                onChange={(e) => setIncluded({ ...included, [kind]: e.target.checked })}
              />
              <label htmlFor={`desk-include-${kind}`}>{t.includeKind}</label>
            </div>
            {err(`kinds.${kind}`) ? <p className="field-error">{err(`kinds.${kind}`)}</p> : null}
            {included[kind]
              ? editables(kind, base.kinds[kind]!, t).map((e) => (
                  <Field
                    key={e.path}
                    label={e.label}
                    name={e.path}
                    type="number"
                    step="any"
                    value={values[e.path] ?? ''}
                    error={err(e.path)}
                    onChange={(ev) => setValues({ ...values, [e.path]: ev.target.value })}
                  />
                ))
              : null}
          </fieldset>
        ))}
        <div className="field">
          <label htmlFor="desk-propose-reason">{t.reason}</label>
          <textarea
            id="desk-propose-reason"
            name="reason"
            rows={2}
            value={reason}
            aria-invalid={err('reason') ? true : undefined}
            aria-describedby={err('reason') ? 'desk-propose-reason-error' : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {err('reason') ? (
            <span className="field-error" id="desk-propose-reason-error">
              {err('reason')}
            </span>
          ) : null}
        </div>
        <Field
          label={t.reference}
          name="reference"
          value={reference}
          error={err('reference')}
          onChange={(e) => setReference(e.target.value)}
        />
        {others.length > 0 ? (
          <div className="desk-others" role="alert">
            <p>{t.otherProblems}</p>
            <ul>
              {others.map(([field, message]) => (
                <li key={field}>
                  <code>{field}</code>: {message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {refusal && Object.keys(refusal.byField).length === 0 ? (
          <ErrorMessage error={refusal.error} />
        ) : null}
        <div className="desk-actions">
          <button type="button" disabled={busy} onClick={() => void run('dry-run')}>
            {t.dryRun}
          </button>
          <button type="submit" disabled={busy}>
            {t.submitPropose}
          </button>
        </div>
        {done !== undefined ? (
          <p role="status" data-testid="proposed">
            {t.proposed(done)}
          </p>
        ) : null}
      </form>
      {dryRun ? <DryRunResultView result={dryRun} /> : null}
    </section>
  );
}
