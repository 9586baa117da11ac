import type { BiquadCascade } from './biquad.js';

/** Nominal octave-band centre frequencies 63 Hz .. 8 kHz (IEC 61260-1, base-10 exact midbands). */
export const OCTAVE_BANDS_HZ = [63, 125, 250, 500, 1000, 2000, 4000, 8000] as const;

const cache = new Map<number, BiquadCascade>();

/**
 * One octave band = two identical constant-peak band-pass biquads (bilinear, pre-warped at the
 * exact midband 1000 * 2^k). Each section's Q is chosen so the pair is -3 dB at the band edges
 * fm / sqrt(2) and fm * sqrt(2): |H|^2 = 1 / (1 + u^2)^2 = 1/2 gives u = sqrt(sqrt(2) - 1).
 * This approximates IEC 61260 octave filters; it is not a class-certified filter bank.
 * Layout: 8 bands x 2 sections x 5 coefficients.
 */
export function octaveBandBank(fs: number): BiquadCascade {
  const hit = cache.get(fs);
  if (hit) return hit;
  const q = Math.sqrt(Math.SQRT2 - 1) / (Math.SQRT2 - Math.SQRT1_2);
  const out: number[] = [];
  OCTAVE_BANDS_HZ.forEach((_nominal, i) => {
    const fm = 1000 * 2 ** (i - 4);
    const w0 = (2 * Math.PI * fm) / fs;
    const alpha = Math.sin(w0) / (2 * q);
    const a0 = 1 + alpha;
    const section = [alpha / a0, 0, -alpha / a0, (-2 * Math.cos(w0)) / a0, (1 - alpha) / a0];
    out.push(...section, ...section);
  });
  const bank = Float64Array.from(out);
  cache.set(fs, bank);
  return bank;
}
