import { useT } from '../../i18n/i18n';
import { loadVisible, type Visible } from './api';
import { sharingMessages } from './messages';
import { Section } from './Section';
import { useLoad } from './use-load';

/** The municipality's `whatCanISee`: the labs it reads, and those it reads as aggregates only. */
export function VisibleLabs({ version }: { version: number }) {
  const t = useT(sharingMessages);
  const loaded = useLoad(loadVisible, version);
  const list = (items: Visible[]) =>
    items.length === 0 ? (
      <p className="empty">{t.nothing}</p>
    ) : (
      <ul>
        {items.map((v) => (
          <li key={`${v.lab}-${v.basis}`}>
            <strong>{v.lab}</strong> ({v.owner}): {v.kinds ? v.kinds.join(', ') : t.allKinds}
          </li>
        ))}
      </ul>
    );
  return (
    <Section title={t.canSeeTitle} loaded={loaded} testId="can-see">
      {(v) => (
        <div className="can-see">
          <div data-testid="can-see-readings">
            <h3>{t.canSeeReadings}</h3>
            {list(v.readings)}
          </div>
          <div data-testid="can-see-aggregates">
            <h3>{t.canSeeAggregates}</h3>
            {list(v.aggregatesOnly)}
          </div>
        </div>
      )}
    </Section>
  );
}
