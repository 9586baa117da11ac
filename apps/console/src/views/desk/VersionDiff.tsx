import { useState } from 'react';
import { gql } from '../../api/client';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Table } from '../../ui/Table';
import { DIFF, type RuleVersion } from './desk-api';
import { shown } from './format';
import { deskMessages } from './messages';

interface Change {
  path: string;
  change: string;
  before: unknown;
  after: unknown;
  description: string;
}

/** A field-level diff between two versions of the lab's rules. */
export function VersionDiff({ lab, versions }: { lab: string; versions: readonly RuleVersion[] }) {
  const t = useT(deskMessages);
  const numbers = versions.map((v) => v.version).sort((a, b) => a - b);
  const [from, setFrom] = useState(numbers.length > 1 ? numbers[numbers.length - 2] : numbers[0]);
  const [to, setTo] = useState(numbers[numbers.length - 1]);
  const [changes, setChanges] = useState<Change[]>();
  const [error, setError] = useState<unknown>();
  if (numbers.length < 2) return null;
  const show = async () => {
    setError(undefined);
    try {
      const d = await gql<{ ruleSetDiff: { changes: Change[] } }>(DIFF, { lab, from, to });
      setChanges(d.ruleSetDiff.changes);
    } catch (e) {
      setError(e);
    }
  };
  const pick = (id: string, label: string, value: number | undefined, set: (n: number) => void) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(Number(e.target.value))}>
        {numbers.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <section className="desk-panel" aria-labelledby="desk-diff">
      <h2 id="desk-diff">{t.diff}</h2>
      <form
        className="desk-inline"
        onSubmit={(e) => {
          e.preventDefault();
          void show();
        }}
      >
        {pick('desk-diff-from', t.from, from, setFrom)}
        {pick('desk-diff-to', t.to, to, setTo)}
        <button type="submit">{t.showDiff}</button>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
      {changes && changes.length === 0 ? <p>{t.noDiff}</p> : null}
      {changes && changes.length > 0 ? (
        <Table<Change>
          caption={`${t.diff}: ${from} → ${to}`}
          rows={changes}
          rowKey={(c) => c.path}
          columns={[
            { key: 'path', header: t.path, cell: (c) => <code>{c.path}</code> },
            { key: 'before', header: t.before, cell: (c) => shown(c.before) },
            { key: 'after', header: t.after, cell: (c) => shown(c.after) },
            { key: 'change', header: t.change, cell: (c) => c.description },
          ]}
        />
      ) : null}
    </section>
  );
}
