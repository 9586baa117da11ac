import { readFileSync } from 'node:fs';
import { DEFAULT_RULE_SET_FILE, loadRuleSet, type RuleSet } from '../src/index.js';

/** The shipped Scheveningen rule set (tests run from the repository root). */
export function scheveningenRules(): RuleSet {
  return loadRuleSet(readFileSync(DEFAULT_RULE_SET_FILE, 'utf8'));
}

/** A deep, mutable copy of a rule set, for tests that derive variants. */
export function mutableRules(rs: RuleSet): RuleSet {
  return structuredClone(rs);
}

/**
 * Int16 sine at `dbSpl` for a microphone with sensitivity `calDbfsAt94` (dBFS at 94 dB SPL).
 * AES17: a full-scale sine (peak 32768) is 0 dBFS, so peak = 32768 * 10^(dBFS / 20).
 */
export function sine(
  freq: number,
  dbSpl: number,
  seconds: number,
  fs: number,
  calDbfsAt94 = -26,
): Int16Array {
  const dbfs = dbSpl - (94 - calDbfsAt94);
  const amplitude = 32768 * 10 ** (dbfs / 20);
  const out = new Int16Array(Math.round(seconds * fs));
  for (let i = 0; i < out.length; i++)
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * freq * i) / fs));
  return out;
}

export function toBase64(samples: Int16Array): string {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString('base64');
}

/** A fixed clock that tests can move. */
export function manualClock(startIso: string): { now: () => number; set: (iso: string) => void } {
  let t = Date.parse(startIso);
  return { now: () => t, set: (iso) => void (t = Date.parse(iso)) };
}

/** A deep copy of `value` with the dotted `path` set (e.g. "kinds.camera.counts.k"). */
export function withChanges(value: unknown, changes: Record<string, unknown>): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const [path, v] of Object.entries(changes)) {
    const keys = path.split('.');
    let node = copy;
    for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
    node[keys[keys.length - 1]] = v;
  }
  return copy;
}
