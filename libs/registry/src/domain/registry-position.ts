import { InvalidPositionError } from './registry-errors.js';
import type { Position } from '@hub/contracts';

/**
 * A WGS84 position as the registry keeps it. Refuses what is not a number in range (NaN and
 * infinities included: JSON cannot carry them, but a caller in this process could).
 */
export function assertPosition(position: Position): Position {
  const { lat, lon } = position;
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw new InvalidPositionError('lat', lat);
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) throw new InvalidPositionError('lon', lon);
  // Only the two numbers go into the event, whatever else the caller's object carried.
  return { lat, lon };
}
