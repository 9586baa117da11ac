import { useEffect, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { PointsMap } from './PointsMap';
import type { LamppostNode } from './queries';

maplibregl.setWorkerUrl(workerUrl);

/** A plain background, plus raster tiles when the hub names a tile server (HUB_MAP_TILE_URL). */
function styleFor(tileUrl: string | null): StyleSpecification {
  return {
    version: 8,
    sources: tileUrl
      ? { tiles: { type: 'raster', tiles: [tileUrl], tileSize: 256, attribution: '' } }
      : {},
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e8eef2' } },
      ...(tileUrl ? [{ id: 'tiles', type: 'raster' as const, source: 'tiles' }] : []),
    ],
  };
}

/**
 * The lab's lampposts on a MapLibre map (this file is its own chunk, loaded with the view's
 * map). Markers are HTML elements with the lamppost's id, so labels need no font server. Without
 * WebGL the same points are drawn as SVG.
 */
export default function LamppostMap({
  lampposts,
  tileUrl,
  title,
}: {
  lampposts: LamppostNode[];
  tileUrl: string | null;
  title: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const el = box.current;
    const placed = lampposts.filter((l) => l.position);
    if (!el || placed.length === 0) return;
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({
        container: el,
        style: styleFor(tileUrl),
        attributionControl: false,
        center: [placed[0].position!.lon, placed[0].position!.lat],
        zoom: 14,
      });
    } catch {
      setFailed(true);
      return;
    }
    // No WebGL (e.g. a browser with it switched off): draw the points without MapLibre.
    map.on('error', (e: { error?: { message?: string } }) => {
      if (/webgl/i.test(e.error?.message ?? '')) setFailed(true);
    });
    const bounds = new maplibregl.LngLatBounds();
    for (const l of placed) {
      const marker = document.createElement('div');
      marker.className = 'lamppost-marker';
      marker.dataset.lamppost = l.id;
      const dot = document.createElement('span');
      dot.className = 'dot';
      const label = document.createElement('span');
      label.className = 'label';
      label.textContent = l.id;
      marker.append(dot, label);
      new maplibregl.Marker({ element: marker, anchor: 'left' })
        .setLngLat([l.position!.lon, l.position!.lat])
        .addTo(map);
      bounds.extend([l.position!.lon, l.position!.lat]);
    }
    map.fitBounds(bounds, { padding: 40, animate: false, maxZoom: 17 });
    return () => map.remove();
  }, [lampposts, tileUrl]);
  if (failed) return <PointsMap lampposts={lampposts} title={title} />;
  return <div ref={box} className="maplibre-map" role="region" aria-label={title} />;
}
