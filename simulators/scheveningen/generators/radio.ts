import { hashSeed, rngFor, type Rng } from '../../shared/prng.js';
import { activity } from '../clock.js';
import type { Lamppost } from '../lab.js';
import type { RadioBody, RadioTechnology } from '../payloads.js';
import type { GeneratorOptions } from './types.js';

/**
 * Phones, watches and earbuds near a lamppost. Devices arrive as a Poisson process per minute
 * (busier on summer afternoons), stay for a mixture of short pass-bys and long terrace visits,
 * and are heard when they probe/advertise. Most use randomised, locally administered addresses
 * that change every few minutes, as current phones do; the rest show their fixed vendor address.
 * Like passers, each minute's arrivals come from their own seeded stream: presence is a pure
 * function of time.
 */

const SLOT_MS = 60_000;
const MAX_DWELL_MS = 150 * 60_000;
const PEAK_ARRIVALS_PER_MIN = 18;

// A few common vendor prefixes (OUIs) for devices that do not randomise.
const OUIS: ReadonlyArray<readonly [number, number, number]> = [
  [0xa4, 0x5e, 0x60],
  [0x3c, 0x22, 0xfb],
  [0xf0, 0x18, 0x98],
  [0x8c, 0x85, 0x90],
  [0x40, 0x4e, 0x36],
  [0xdc, 0xa6, 0x32],
];

export interface RadioDevice {
  key: number;
  technology: RadioTechnology;
  arrivalMs: number;
  dwellMs: number;
  randomised: boolean;
  /** How often a randomised address changes. */
  rotationMs: number;
  /** Probability of being heard in one scan window. */
  audibility: number;
}

function devicesInSlot(lamppost: Lamppost, slot: number): RadioDevice[] {
  const start = slot * SLOT_MS;
  const r = rngFor(lamppost.seed, 'radio', slot);
  const rate = 0.2 + PEAK_ARRIVALS_PER_MIN * activity(new Date(start)) * lamppost.footfall;
  const n = r.poisson(rate);
  const out: RadioDevice[] = [];
  for (let i = 0; i < n; i++) {
    const technology = r.weighted<RadioTechnology>([
      ['wifi', 0.55],
      ['bluetooth', 0.4],
      ['5g', 0.05],
    ]);
    // Most walk past in a minute or two; a third sit on a terrace or the beach for a while.
    const stays = r.chance(0.3);
    const dwellMs = Math.min(
      MAX_DWELL_MS,
      Math.round((stays ? r.logNormal(35, 1.8) : r.logNormal(1.5, 1.6)) * 60_000),
    );
    const randomised = technology === '5g' || r.chance(technology === 'wifi' ? 0.75 : 0.9);
    out.push({
      key: hashSeed(lamppost.seed, 'radio-device', slot, i),
      technology,
      arrivalMs: start + Math.floor(r.next() * SLOT_MS),
      dwellMs,
      randomised,
      rotationMs: Math.round(r.range(3, 15) * 60_000),
      audibility: technology === 'bluetooth' ? 0.95 : technology === 'wifi' ? 0.6 : 0.5,
    });
  }
  return out;
}

/** Devices present at the instant `ms`. */
export function devicesPresent(lamppost: Lamppost, ms: number): RadioDevice[] {
  const out: RadioDevice[] = [];
  for (let slot = Math.floor((ms - MAX_DWELL_MS) / SLOT_MS); slot * SLOT_MS <= ms; slot++) {
    for (const d of devicesInSlot(lamppost, slot)) {
      if (d.arrivalMs <= ms && ms < d.arrivalMs + d.dwellMs) out.push(d);
    }
  }
  return out;
}

const hex = (b: number): string => b.toString(16).padStart(2, '0');

/** The address a device shows at `ms`: fixed vendor MAC, or the current randomised one. */
export function identifierAt(device: RadioDevice, ms: number): string {
  if (!device.randomised) {
    const r = rngFor(device.key, 'mac');
    const oui = r.pick(OUIS);
    return [...oui, ...r.bytes(3)].map(hex).join(':');
  }
  const epoch = Math.floor((ms - device.arrivalMs) / device.rotationMs);
  const bytes = rngFor(device.key, 'rotation', epoch).bytes(6);
  // Locally administered (bit 1 set), unicast (bit 0 clear): IEEE 802 randomised address.
  bytes[0] = ((bytes[0] ?? 0) & 0xfc) | 0x02;
  return bytes.map(hex).join(':');
}

export function isLocallyAdministered(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 0x02) !== 0;
}

export function radio(
  lamppost: Lamppost,
  t: Date,
  rng: Rng,
  _options?: GeneratorOptions,
): RadioBody[] {
  const ms = t.getTime();
  const heard = new Map<RadioTechnology, string[]>([
    ['wifi', []],
    ['bluetooth', []],
    ['5g', []],
  ]);
  for (const d of devicesPresent(lamppost, ms)) {
    if (rng.chance(d.audibility)) heard.get(d.technology)?.push(identifierAt(d, ms));
  }
  // One reading per technology scanned; wifi and bluetooth are always reported, even if empty.
  const out: RadioBody[] = [];
  for (const [technology, identifiers] of heard) {
    if (identifiers.length > 0 || technology !== '5g')
      out.push({ technology, identifiers: identifiers.sort() });
  }
  return out;
}
