import { memo } from 'react';
import { useLang, useT } from '../../i18n/i18n';
import { formatNumber, formatTime, primaryValue, UNITS } from './format';
import { municipalityMessages } from './messages';
import type { LamppostNode, ReadingNode } from './queries';
import { tileKey, type Tiles } from './useLiveTiles';

/** One lamppost and kind: its latest value, when it was observed and the rule that made it. */
const Tile = memo(function Tile({ reading }: { reading: ReadingNode }) {
  const t = useT(municipalityMessages);
  const lang = useLang();
  const value = primaryValue(reading.kind, reading.values);
  return (
    <li
      className="tile"
      data-testid="tile"
      data-lamppost={reading.lamppost}
      data-kind={reading.kind}
      data-cursor={reading.cursor}
    >
      <span className="tile-kind">{reading.kind}</span>
      <span className="tile-value" data-testid="tile-value">
        {value === null ? (
          <abbr title={t.suppressedExplained}>{t.suppressed}</abbr>
        ) : value === undefined ? (
          '—'
        ) : (
          `${formatNumber(value, lang)} ${UNITS[reading.kind] ?? ''}`
        )}
      </span>
      <time className="tile-time" dateTime={reading.observedAt}>
        {formatTime(reading.observedAt, lang)}
      </time>
      <span className="tile-rule">{t.rule(reading.rule.version)}</span>
    </li>
  );
});

export function LiveTiles({ lampposts, tiles }: { lampposts: LamppostNode[]; tiles: Tiles }) {
  const t = useT(municipalityMessages);
  const kindsOf = (id: string) =>
    [...tiles.values()]
      .filter((r) => r.lamppost === id)
      .map((r) => r.kind)
      .sort();
  const ids = [
    ...new Set([...lampposts.map((l) => l.id), ...[...tiles.values()].map((r) => r.lamppost)]),
  ].sort();
  return (
    <section aria-labelledby="live-title" className="live">
      <h2 id="live-title">{t.liveTitle}</h2>
      <p className="hint">{t.liveHint}</p>
      <div className="lamppost-tiles">
        {ids.map((id) => {
          const kinds = kindsOf(id);
          return (
            <section key={id} className="lamppost-card" aria-label={`${t.lamppost} ${id}`}>
              <h3>{id}</h3>
              {kinds.length === 0 ? (
                <p className="empty">{t.noReadingsYet}</p>
              ) : (
                <ul>
                  {kinds.map((kind) => {
                    const r = tiles.get(tileKey(id, kind))!;
                    return <Tile key={kind} reading={r} />;
                  })}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </section>
  );
}
