import { aWeightingCascade } from './a-weighting.js';
import { OCTAVE_BANDS_HZ, octaveBandBank } from './octave-bands.js';

/** Levels are clamped at this energy floor (re p0^2) so silence stays a finite number. */
const ENERGY_FLOOR = 1e-12;

/** exportState(): fs, subSum, subCount, energySeconds, seconds, maxSub, minSub, peak, then arrays. */
const SCALARS = 8;
const STATE_LENGTH = SCALARS + 6 + OCTAVE_BANDS_HZ.length * 4 + OCTAVE_BANDS_HZ.length;

export interface LevelSummary {
  /** Seconds of audio folded into this window. */
  durationSeconds: number;
  LAeq: number;
  LAmax: number;
  LAmin: number;
  LApeak: number;
  /** Z-weighted Leq per octave band (key: nominal centre in Hz), when enabled. */
  octaveBands?: Record<string, number>;
}

/**
 * Streaming A-weighted level meter for one device.
 *
 * Input samples are scaled so that y^2 is pressure^2 / p0^2; the meter keeps only running sums
 * (energy, sub-interval energy, peak) and six filter states, so memory is constant and no sample
 * outlives the fold() call. LAmax/LAmin are the highest/lowest Leq over sub-intervals of 125 ms
 * or 1 s (partial sub-intervals count too, so LAmin <= LAeq <= LAmax always holds).
 */
export class LevelMeter {
  private fs = 0;
  private coeffs = new Float64Array(15);
  private bank = new Float64Array(0);
  private readonly state = new Float64Array(6);
  private readonly bandState = new Float64Array(OCTAVE_BANDS_HZ.length * 4);
  private readonly bandEnergy = new Float64Array(OCTAVE_BANDS_HZ.length);
  private subLength = 0;
  private subSum = 0;
  private subCount = 0;
  private energySeconds = 0;
  private seconds = 0;
  private maxSub = 0;
  private minSub = Number.POSITIVE_INFINITY;
  private peak = 0;

  constructor(
    private readonly subIntervalMs: number,
    private readonly octaveBands: boolean,
  ) {}

  /**
   * Fold PCM into the window. `gain` converts int16 units to pressure / p0:
   * see calibrationGain(). Filter state carries over between chunks of one stream.
   */
  fold(pcm: Int16Array, sampleRate: number, gain: number): void {
    if (sampleRate !== this.fs) this.setSampleRate(sampleRate);
    const c = this.coeffs;
    const s = this.state;
    const b10 = c[0],
      b11 = c[1],
      b12 = c[2],
      a11 = c[3],
      a12 = c[4];
    const b20 = c[5],
      b21 = c[6],
      b22 = c[7],
      a21 = c[8],
      a22 = c[9];
    const b30 = c[10],
      b31 = c[11],
      b32 = c[12],
      a31 = c[13],
      a32 = c[14];
    let s11 = s[0],
      s12 = s[1],
      s21 = s[2],
      s22 = s[3],
      s31 = s[4],
      s32 = s[5];
    let subSum = this.subSum;
    let subCount = this.subCount;
    let peak = this.peak;
    const subLength = this.subLength;
    const n = pcm.length;
    // Transposed direct form II, three sections unrolled: no allocation, Float64 throughout.
    for (let i = 0; i < n; i++) {
      const x = pcm[i] * gain;
      const y1 = b10 * x + s11;
      s11 = b11 * x - a11 * y1 + s12;
      s12 = b12 * x - a12 * y1;
      const y2 = b20 * y1 + s21;
      s21 = b21 * y1 - a21 * y2 + s22;
      s22 = b22 * y1 - a22 * y2;
      const y = b30 * y2 + s31;
      s31 = b31 * y2 - a31 * y + s32;
      s32 = b32 * y2 - a32 * y;
      subSum += y * y;
      const a = Math.abs(y); // branch-free: the sign of street noise is unpredictable
      if (a > peak) peak = a;
      if (++subCount === subLength) {
        this.closeSub(subSum, subCount);
        subSum = 0;
        subCount = 0;
      }
    }
    s[0] = s11;
    s[1] = s12;
    s[2] = s21;
    s[3] = s22;
    s[4] = s31;
    s[5] = s32;
    this.subSum = subSum;
    this.subCount = subCount;
    this.peak = peak;
    if (this.octaveBands) this.foldBands(pcm, gain);
  }

  get durationSeconds(): number {
    return this.seconds + (this.fs > 0 ? this.subCount / this.fs : 0);
  }

  /** Close the window: return its levels and reset the sums (filter state is kept). */
  summarise(): LevelSummary {
    if (this.subCount > 0) this.closeSub(this.subSum, this.subCount);
    const leq = this.energySeconds / Math.max(this.seconds, Number.MIN_VALUE);
    const max = this.maxSub;
    const min = Math.min(this.minSub, max);
    const summary: LevelSummary = {
      durationSeconds: this.seconds,
      // Clamp only removes floating-point noise: Leq is a duration-weighted mean of sub-interval Leqs.
      LAeq: db(Math.min(Math.max(leq, min), max)),
      LAmax: db(max),
      LAmin: db(min),
      LApeak: db(this.peak * this.peak),
    };
    if (this.octaveBands) {
      const bands: Record<string, number> = {};
      OCTAVE_BANDS_HZ.forEach((f, i) => {
        bands[String(f)] = db(this.bandEnergy[i] / Math.max(this.seconds, Number.MIN_VALUE));
      });
      summary.octaveBands = bands;
    }
    this.resetWindow();
    return summary;
  }

  /**
   * Everything fold() and summarise() read and write, as one array (the filter and sub-interval
   * states, the window's sums): a meter elsewhere (another thread) given this state with
   * importState() folds the next chunk exactly as this one would, to the last bit.
   */
  exportState(): Float64Array<ArrayBuffer> {
    const out = new Float64Array(STATE_LENGTH);
    out.set([
      this.fs,
      this.subSum,
      this.subCount,
      this.energySeconds,
      this.seconds,
      this.maxSub,
      this.minSub,
      this.peak,
    ]);
    out.set(this.state, SCALARS);
    out.set(this.bandState, SCALARS + 6);
    out.set(this.bandEnergy, SCALARS + 6 + this.bandState.length);
    return out;
  }

  /** Take over a state from exportState() of a meter with the same sub-interval and bands. */
  importState(state: Float64Array): void {
    if (state.length !== STATE_LENGTH) throw new Error('level meter state of the wrong length');
    const fs = state[0];
    if (fs !== this.fs) this.useSampleRate(fs);
    this.subSum = state[1];
    this.subCount = state[2];
    this.energySeconds = state[3];
    this.seconds = state[4];
    this.maxSub = state[5];
    this.minSub = state[6];
    this.peak = state[7];
    let o = SCALARS;
    this.state.set(state.subarray(o, (o += 6)));
    this.bandState.set(state.subarray(o, (o += this.bandState.length)));
    this.bandEnergy.set(state.subarray(o, o + this.bandEnergy.length));
  }

  private useSampleRate(fs: number): void {
    this.fs = fs;
    if (fs === 0) return; // a fresh meter: nothing folded yet
    this.coeffs = aWeightingCascade(fs);
    this.bank = this.octaveBands ? octaveBandBank(fs) : this.bank;
    this.subLength = Math.max(1, Math.round((fs * this.subIntervalMs) / 1000));
  }

  private setSampleRate(fs: number): void {
    if (this.subCount > 0) this.closeSub(this.subSum, this.subCount);
    this.useSampleRate(fs);
    this.state.fill(0);
    this.bandState.fill(0);
    this.subSum = 0;
    this.subCount = 0;
  }

  private closeSub(sum: number, count: number): void {
    const mean = sum / count;
    if (mean > this.maxSub) this.maxSub = mean;
    if (mean < this.minSub) this.minSub = mean;
    this.energySeconds += sum / this.fs;
    this.seconds += count / this.fs;
    this.subSum = 0;
    this.subCount = 0;
  }

  private foldBands(pcm: Int16Array, gain: number): void {
    const c = this.bank;
    const st = this.bandState;
    const n = pcm.length;
    for (let band = 0; band < OCTAVE_BANDS_HZ.length; band++) {
      const o = band * 10;
      const b0 = c[o],
        b2 = c[o + 2],
        a1 = c[o + 3],
        a2 = c[o + 4];
      let p1 = st[band * 4],
        p2 = st[band * 4 + 1],
        q1 = st[band * 4 + 2],
        q2 = st[band * 4 + 3];
      let e = 0;
      for (let i = 0; i < n; i++) {
        const x = pcm[i] * gain;
        // Two identical band-pass sections (b1 = 0 for the constant-peak band-pass).
        const u = b0 * x + p1;
        p1 = -a1 * u + p2;
        p2 = b2 * x - a2 * u;
        const y = b0 * u + q1;
        q1 = -a1 * y + q2;
        q2 = b2 * u - a2 * y;
        e += y * y;
      }
      st[band * 4] = p1;
      st[band * 4 + 1] = p2;
      st[band * 4 + 2] = q1;
      st[band * 4 + 3] = q2;
      this.bandEnergy[band] += e / this.fs;
    }
  }

  private resetWindow(): void {
    this.energySeconds = 0;
    this.seconds = 0;
    this.maxSub = 0;
    this.minSub = Number.POSITIVE_INFINITY;
    this.peak = 0;
    this.bandEnergy.fill(0);
  }
}

function db(energy: number): number {
  return 10 * Math.log10(Math.max(energy, ENERGY_FLOOR));
}

/**
 * Gain from int16 sample units to pressure / p0 (20 uPa).
 * dBFS follows AES17 (a full-scale sine is 0 dBFS, so dBFS = 10 log10(2 * mean(x^2)) for x in
 * [-1, 1)); dB SPL = dBFS + (94 - calibrationDbfsAt94). Example: -26 dBFS at 94 dB SPL -> +120 dB.
 */
export function calibrationGain(calibrationDbfsAt94: number): number {
  return (Math.SQRT2 * 10 ** ((94 - calibrationDbfsAt94) / 20)) / 32768;
}
