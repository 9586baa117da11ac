import type { LamppostNode } from './queries';

/**
 * The lampposts as labelled points on a plain background, in an equirectangular view scaled
 * to the lab (longitude shortened by cos(latitude)). Used when no map can be drawn by MapLibre
 * (no WebGL); with no tile server MapLibre draws the same plain background.
 */
export function PointsMap({ lampposts, title }: { lampposts: LamppostNode[]; title: string }) {
  const placed = lampposts.filter((l) => l.position);
  const lats = placed.map((l) => l.position!.lat);
  const lons = placed.map((l) => l.position!.lon);
  const k = Math.cos(((Math.min(...lats) + Math.max(...lats)) / 2) * (Math.PI / 180));
  const [w, h, pad] = [640, 360, 40];
  const spanX = Math.max((Math.max(...lons) - Math.min(...lons)) * k, 1e-6);
  const spanY = Math.max(Math.max(...lats) - Math.min(...lats), 1e-6);
  const scale = Math.min((w - 2 * pad) / spanX, (h - 2 * pad) / spanY);
  const x = (lon: number) => pad + (lon - Math.min(...lons)) * k * scale;
  const y = (lat: number) => h - pad - (lat - Math.min(...lats)) * scale;
  return (
    <svg className="points-map" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={title}>
      <rect width={w} height={h} className="map-background" />
      {placed.map((l) => (
        <g key={l.id} className="lamppost-marker" data-lamppost={l.id}>
          <circle cx={x(l.position!.lon)} cy={y(l.position!.lat)} r={5} />
          <text x={x(l.position!.lon) + 8} y={y(l.position!.lat) + 4}>
            {l.id}
          </text>
        </g>
      ))}
    </svg>
  );
}
