import { hashSeed, rngFor } from '../../shared/prng.js';
import { activity, beachSeason } from '../clock.js';
import type { Lamppost } from '../lab.js';
import type { DetectionClass } from '../payloads.js';
import { traffic } from '../weather.js';

/**
 * People, bicycles and cars passing one lamppost's camera and motion sensor. Arrivals are Poisson
 * per 10-second slot, each slot drawn from its own seeded stream, so "who is in view at t" is a
 * pure function of t: a camera frame and a motion count at any instant agree with each other and
 * with any other run using the same seed.
 */

export const SLOT_MS = 10_000;
/** Longest time anyone stays in view; bounds how far back a query must look. */
export const MAX_DWELL_MS = 25_000;

export interface Passer {
  cls: DetectionClass;
  arrivalMs: number;
  dwellMs: number;
  trackId: string;
  /** +1 walks left to right through the frame, -1 right to left. */
  direction: 1 | -1;
  /** Depth 0 (far) .. 1 (near); scales the box. */
  depth: number;
  confidence: number;
  plate?: string;
  colour: [number, number, number];
}

// Arrivals per minute in view at full activity (a summer Saturday afternoon at the pier).
const PEAK_PER_MIN: Record<DetectionClass, number> = { person: 24, bicycle: 4, car: 3 };

const PLATE_LETTERS = 'BDFGHJKLNPRSTVXZ'; // Dutch plates avoid vowels

function dutchPlate(seed: number): string {
  const r = rngFor(seed, 'plate');
  const l = (): string => r.pick([...PLATE_LETTERS]);
  const d = (): string => String(r.int(0, 9));
  const pattern = r.pick(['99-XXX-9', '9-XXX-99', 'XX-999-X', 'X-999-XX', 'XXX-99-X', 'XX-99-XX']);
  return [...pattern].map((c) => (c === 'X' ? l() : c === '9' ? d() : c)).join('');
}

function ratePerMin(cls: DetectionClass, lamppost: Lamppost, t: Date): number {
  const a = activity(t);
  switch (cls) {
    case 'person':
      return 0.05 + PEAK_PER_MIN.person * a * lamppost.footfall;
    case 'bicycle':
      return 0.02 + PEAK_PER_MIN.bicycle * a * (0.6 + 0.4 * beachSeason(t));
    case 'car': {
      const road = lamppost.zone === 'pier' ? 0.2 : 1;
      return 0.02 + PEAK_PER_MIN.car * traffic(t) * road;
    }
  }
}

const DWELL_S: Record<DetectionClass, readonly [number, number]> = {
  person: [6, 22],
  bicycle: [2, 6],
  car: [1.5, 4],
};

/** Everyone arriving in one slot, fully determined by (lamppost, slot). */
export function passersInSlot(lamppost: Lamppost, slot: number): Passer[] {
  const slotStart = slot * SLOT_MS;
  const t = new Date(slotStart);
  const out: Passer[] = [];
  for (const cls of ['person', 'bicycle', 'car'] as const) {
    const r = rngFor(lamppost.seed, 'passers', cls, slot);
    const n = r.poisson((ratePerMin(cls, lamppost, t) * SLOT_MS) / 60_000);
    for (let i = 0; i < n; i++) {
      const id = hashSeed(lamppost.seed, cls, slot, i);
      const [lo, hi] = DWELL_S[cls];
      const passer: Passer = {
        cls,
        arrivalMs: slotStart + Math.floor(r.next() * SLOT_MS),
        dwellMs: Math.round(r.range(lo, hi) * 1000),
        trackId: `t-${id.toString(36)}`,
        direction: r.chance(0.5) ? 1 : -1,
        depth: r.range(0.2, 1),
        confidence: Math.round(r.range(0.55, 0.99) * 100) / 100,
        colour: [r.int(20, 230), r.int(20, 230), r.int(20, 230)],
      };
      // Plates are readable on most cars facing the camera.
      if (cls === 'car' && r.chance(0.85)) passer.plate = dutchPlate(id);
      out.push(passer);
    }
  }
  return out;
}

/** Passers arriving in [fromMs, toMs). */
export function arrivalsBetween(lamppost: Lamppost, fromMs: number, toMs: number): Passer[] {
  const out: Passer[] = [];
  for (let slot = Math.floor(fromMs / SLOT_MS); slot * SLOT_MS < toMs; slot++) {
    for (const p of passersInSlot(lamppost, slot)) {
      if (p.arrivalMs >= fromMs && p.arrivalMs < toMs) out.push(p);
    }
  }
  return out;
}

/** Passers in view at the instant `ms`. */
export function inViewAt(lamppost: Lamppost, ms: number): Passer[] {
  return arrivalsBetween(lamppost, ms - MAX_DWELL_MS, ms + 1).filter(
    (p) => p.arrivalMs <= ms && ms < p.arrivalMs + p.dwellMs,
  );
}
