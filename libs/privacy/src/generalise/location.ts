import type { LocationRule } from '../rules/rule-set.js';

export type GeneralisedLocation = { lamppost: string } | { gridCell: string; cellMeters: number };

/** Metres per degree of latitude (mean). */
const M_PER_DEG_LAT = 111_320;
/**
 * Longitude degrees are scaled at a fixed reference latitude (52 N, Zuid-Holland) so a cell's id
 * does not depend on where in the province it lies. Cells are about cellMeters square there.
 */
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((52 * Math.PI) / 180);

/** Location generalised per rule; null when the rule needs a position the device did not give. */
export function generaliseLocation(
  rule: LocationRule,
  lamppost: string,
  position: { lat: number; lon: number } | undefined,
): GeneralisedLocation | null {
  if (rule.mode === 'lamppost') return { lamppost };
  if (!position || !Number.isFinite(position.lat) || !Number.isFinite(position.lon)) return null;
  const row = Math.floor((position.lat * M_PER_DEG_LAT) / rule.cellMeters);
  const col = Math.floor((position.lon * M_PER_DEG_LON) / rule.cellMeters);
  return { gridCell: `g${rule.cellMeters}m:${row}:${col}`, cellMeters: rule.cellMeters };
}

export function locationKey(loc: GeneralisedLocation): string {
  return 'lamppost' in loc ? `lamppost:${loc.lamppost}` : `grid:${loc.gridCell}`;
}
