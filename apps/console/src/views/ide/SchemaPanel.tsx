import { useState } from 'react';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { ideMessages } from './messages';
import { loadSchema, typeName, type SchemaField, type SchemaSummary } from './schema-data';

type State = { schema: SchemaSummary } | { error: unknown } | 'loading' | undefined;

const signature = (f: SchemaField) =>
  `${f.name}${f.args.length > 0 ? `(${f.args.map((a) => `${a.name}: ${typeName(a.type)}`).join(', ')})` : ''}: ${typeName(f.type)}`;

/** The schema's root fields and types, from introspection with the IDE's token. */
export function SchemaPanel({ token }: { token: string }) {
  const t = useT(ideMessages);
  const [state, setState] = useState<State>(undefined);
  const load = () => {
    setState('loading');
    loadSchema(token).then(
      (schema) => setState({ schema }),
      (error: unknown) => setState({ error }),
    );
  };
  return (
    <section aria-labelledby="ide-schema" className="ide-schema">
      <h2 id="ide-schema">{t.schema}</h2>
      <button type="button" onClick={load} disabled={token.trim() === '' || state === 'loading'}>
        {t.loadSchema}
      </button>
      {state === 'loading' ? <Loading label={t.loadingSchema} /> : null}
      {state && typeof state === 'object' && 'error' in state ? (
        <ErrorMessage error={state.error} />
      ) : null}
      {state && typeof state === 'object' && 'schema' in state ? (
        <SchemaTree schema={state.schema} />
      ) : null}
    </section>
  );
}

function SchemaTree({ schema }: { schema: SchemaSummary }) {
  const t = useT(ideMessages);
  const byName = new Map(schema.types.map((type) => [type.name, type]));
  const roots = (['query', 'mutation', 'subscription'] as const).filter((r) => schema.roots[r]);
  return (
    <div data-testid="schema-tree">
      {roots.map((root) => {
        const type = byName.get(schema.roots[root] ?? '');
        return (
          <details key={root} open={root === 'query'}>
            <summary>{t.roots[root]}</summary>
            <ul className="ide-fields">
              {(type?.fields ?? []).map((f) => (
                <li key={f.name} title={f.description ?? undefined}>
                  <code>{signature(f)}</code>
                </li>
              ))}
            </ul>
          </details>
        );
      })}
      <details>
        <summary>{t.allTypes(schema.types.length)}</summary>
        <ul className="ide-types">
          {schema.types.map((type) => (
            <li key={type.name}>
              <code>{type.name}</code> <span className="ide-kind">{type.kind}</span>
              {type.fields && type.fields.length > 0 ? (
                <ul className="ide-fields">
                  {type.fields.map((f) => (
                    <li key={f.name}>
                      <code>{signature(f)}</code>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
