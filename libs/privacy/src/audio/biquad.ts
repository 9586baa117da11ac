/**
 * Biquad sections stored flat as [b0, b1, b2, a1, a2] per section (a0 normalised to 1),
 * so the hot loop reads one Float64Array and allocates nothing.
 */
export type BiquadCascade = Float64Array<ArrayBuffer>;

/** Magnitude |H(e^{j theta})| of a cascade at a normalised angular frequency theta. */
export function cascadeMagnitude(c: BiquadCascade, theta: number): number {
  const c1 = Math.cos(theta);
  const s1 = Math.sin(theta);
  const c2 = Math.cos(2 * theta);
  const s2 = Math.sin(2 * theta);
  let m = 1;
  for (let i = 0; i < c.length; i += 5) {
    const nr = c[i] + c[i + 1] * c1 + c[i + 2] * c2;
    const ni = c[i + 1] * s1 + c[i + 2] * s2;
    const dr = 1 + c[i + 3] * c1 + c[i + 4] * c2;
    const di = c[i + 3] * s1 + c[i + 4] * s2;
    m *= Math.hypot(nr, ni) / Math.hypot(dr, di);
  }
  return m;
}

/** Multiply the first section's numerator so the cascade has `gain` more amplification. */
export function scaleCascade(c: BiquadCascade, gain: number): void {
  c[0] *= gain;
  c[1] *= gain;
  c[2] *= gain;
}
