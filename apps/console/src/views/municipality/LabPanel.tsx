import { SENSOR_KINDS } from '@hub/contracts';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { AggregatesPanel } from './AggregatesPanel';
import { downloadCsv, toCsv } from './csv';
import { HistoryPanel } from './HistoryPanel';
import { LiveTiles } from './LiveTiles';
import { primaryValue, UNITS } from './format';
import { municipalityMessages } from './messages';
import { useLiveTiles } from './useLiveTiles';

// MapLibre is large: its own chunk, loaded only when a lab's map is shown.
const LamppostMap = lazy(() => import('./LamppostMap'));

let tileUrl: Promise<string | null> | undefined;
/** The hub's map tile server (HUB_MAP_TILE_URL), or null: then the map is a plain background. */
const mapTileUrl = (): Promise<string | null> =>
  (tileUrl ??= fetch('/console/config.json')
    .then((r) => r.json() as Promise<{ mapTileUrl: string | null }>)
    .then((c) => c.mapTileUrl)
    .catch(() => null));

/** A lab readable at the readings level: map, live tiles, history and hourly aggregates. */
export function ReadingsLab({ lab, kinds }: { lab: string; kinds: string[] | null }) {
  const t = useT(municipalityMessages);
  const { lampposts, tiles, error } = useLiveTiles(lab);
  const [tiles_, setTileUrl] = useState<string | null | undefined>();
  useEffect(() => {
    void mapTileUrl().then(setTileUrl);
  }, []);
  const shownKinds = kinds ?? [...SENSOR_KINDS];
  const exportTiles = () =>
    downloadCsv(
      `${lab}-live.csv`,
      toCsv(
        ['lab', 'lamppost', 'kind', 'observedAt', 'value', 'unit', 'ruleVersion', 'cursor'],
        [...tiles.values()].map((r) => {
          const v = primaryValue(r.kind, r.values);
          return [
            lab,
            r.lamppost,
            r.kind,
            r.observedAt,
            v === null ? t.suppressed : (v ?? ''),
            UNITS[r.kind] ?? '',
            r.rule.version,
            r.cursor,
          ];
        }),
      ),
    );
  if (!lampposts) return error ? <ErrorMessage error={error} /> : <Loading />;
  const unplaced = lampposts.filter((l) => !l.position).map((l) => l.id);
  return (
    <>
      <section aria-labelledby="map-title" className="panel">
        <h2 id="map-title">{t.mapTitle}</h2>
        {tiles_ === null ? <p className="hint">{t.mapFallback}</p> : null}
        {tiles_ !== undefined && lampposts.some((l) => l.position) ? (
          <Suspense fallback={<Loading />}>
            <LamppostMap lampposts={lampposts} tileUrl={tiles_} title={`${t.mapTitle}: ${lab}`} />
          </Suspense>
        ) : null}
        {unplaced.length > 0 ? (
          <p className="hint">
            {t.noPosition}: {unplaced.join(', ')}
          </p>
        ) : null}
      </section>
      {error ? (
        <div>
          <p>{t.liveError}</p>
          <ErrorMessage error={error} />
        </div>
      ) : null}
      <div className="controls">
        <button type="button" onClick={exportTiles} data-testid="live-csv">
          {t.exportCsv}
        </button>
      </div>
      <LiveTiles lampposts={lampposts} tiles={tiles} />
      <HistoryPanel lab={lab} kinds={shownKinds} lampposts={lampposts.map((l) => l.id)} />
      <AggregatesPanel lab={lab} kinds={shownKinds} />
    </>
  );
}

/** A lab shared at the aggregates level: hourly aggregates only, and why no readings. */
export function AggregatesOnlyLab({ lab, kinds }: { lab: string; kinds: string[] | null }) {
  const t = useT(municipalityMessages);
  return (
    <>
      <p className="notice" data-testid="aggregates-only">
        {t.aggregatesOnly}
      </p>
      <AggregatesPanel lab={lab} kinds={kinds ?? [...SENSOR_KINDS]} />
    </>
  );
}
