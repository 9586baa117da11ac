import { hashSeed } from '../shared/prng.js';
import { topicPrefix } from '../shared/topics.js';

export interface Lamppost {
  id: string;
  lab: string;
  /** Index along the boulevard, 0 = north-east end (Zwarte Pad) */
  index: number;
  lat: number;
  lon: number;
  /** Metres from the north-east end. */
  chainageM: number;
  /** Independent seed for this lamppost's streams. */
  seed: number;
  /** The lab's seed: weather is shared by all lampposts of a lab. */
  labSeed: number;
  /** Topic prefix; `labs/{lab}/lampposts/{id}` unless provisioning said otherwise. */
  topicPrefix: string;
  /** Which stretch it stands on; the pier and Kurhaus are busiest. */
  zone: 'zwarte-pad' | 'kurhaus' | 'pier' | 'boulevard-south' | 'harbour';
  /** Multiplier on footfall for this spot, 0.5..1.4. */
  footfall: number;
}

export interface ScheveningenLab {
  lab: string;
  seed: number;
  start: Date;
  lampposts: Lamppost[];
}

export interface CreateLabOptions {
  seed?: number;
  lampposts?: number;
  lab?: string;
  start?: Date;
  /** Lamppost ids to use in order (e.g. from a credentials file); generated ids fill the rest. */
  ids?: readonly string[];
  /** Topic prefixes by lamppost id (from provisioning output). */
  topicPrefixes?: ReadonlyMap<string, string>;
}

// The boulevard (Strandweg / De Boulevard) runs roughly north-east to south-west from the
// Zwarte Pad past the Kurhaus and the pier to the harbour, about 3.2 km. These waypoints trace it.
const ROUTE: ReadonlyArray<readonly [lat: number, lon: number]> = [
  [52.1172, 4.2905],
  [52.1126, 4.2838],
  [52.1085, 4.2769],
  [52.1052, 4.2718],
  [52.1016, 4.2667],
  [52.0988, 4.2628],
];

const EARTH_RADIUS_M = 6_371_000;

function distanceM(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad * Math.cos(((a[0] + b[0]) / 2) * rad);
  return EARTH_RADIUS_M * Math.hypot(dLat, dLon);
}

function pointAt(chainage: number): [number, number] {
  let remaining = chainage;
  for (let i = 0; i + 1 < ROUTE.length; i++) {
    const a = ROUTE[i];
    const b = ROUTE[i + 1];
    const seg = distanceM(a, b);
    if (remaining <= seg || i + 2 === ROUTE.length) {
      const f = Math.min(1, remaining / seg);
      return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
    }
    remaining -= seg;
  }
  const last = ROUTE[ROUTE.length - 1];
  return [last[0], last[1]];
}

export function boulevardLengthM(): number {
  let total = 0;
  for (let i = 0; i + 1 < ROUTE.length; i++) {
    total += distanceM(ROUTE[i], ROUTE[i + 1]);
  }
  return total;
}

function zoneAt(fraction: number): { zone: Lamppost['zone']; footfall: number } {
  if (fraction < 0.2) return { zone: 'zwarte-pad', footfall: 0.8 };
  if (fraction < 0.45) return { zone: 'kurhaus', footfall: 1.3 };
  if (fraction < 0.6) return { zone: 'pier', footfall: 1.4 };
  if (fraction < 0.85) return { zone: 'boulevard-south', footfall: 0.9 };
  return { zone: 'harbour', footfall: 0.6 };
}

/** Lampposts evenly spaced along the boulevard, with deterministic ids and seeds. */
export function createScheveningenLab(options: CreateLabOptions = {}): ScheveningenLab {
  const seed = options.seed ?? 1;
  const lab = options.lab ?? 'scheveningen';
  const count = options.lampposts ?? 40;
  if (!Number.isInteger(count) || count < 1) throw new RangeError('lampposts must be >= 1');
  const length = boulevardLengthM();
  const lampposts: Lamppost[] = [];
  for (let index = 0; index < count; index++) {
    const fraction = count === 1 ? 0.5 : index / (count - 1);
    const chainageM = fraction * length;
    const [lat, lon] = pointAt(chainageM);
    const id = options.ids?.[index] ?? `sch-${String(index + 1).padStart(3, '0')}`;
    lampposts.push({
      id,
      lab,
      index,
      lat: Math.round(lat * 1e6) / 1e6,
      lon: Math.round(lon * 1e6) / 1e6,
      chainageM: Math.round(chainageM),
      seed: hashSeed(seed, lab, id),
      labSeed: hashSeed(seed, lab),
      topicPrefix: options.topicPrefixes?.get(id) ?? topicPrefix(lab, id),
      ...zoneAt(fraction),
    });
  }
  return { lab, seed, start: options.start ?? new Date(), lampposts };
}
