import { createHmac } from 'node:crypto';
import { noisyCount, seededRandom, suppressSmallCount } from '@hub/privacy';

/** Small-count threshold and Laplace epsilon for the shared hourly counts of one lab and kind. */
export interface CountPolicy {
  readonly k: number;
  readonly epsilon: number;
}

export type AggregatePolicy = (lab: string, kind: string) => CountPolicy;

export interface SharedCount {
  /** null when suppressed (0 < count < k). */
  readonly count: number | null;
  readonly suppressed: boolean;
  readonly noisy: boolean;
}

/**
 * The count a municipality receives under an agreement: suppressed below k, else with Laplace
 * noise (scale 1/epsilon). The noise is drawn from a generator seeded by a keyed hash of the
 * agreement, cell and true count, so asking again returns the same value: repeated queries
 * cannot average the noise away, and the key keeps the seed unguessable.
 */
export function sharedCount(
  count: number,
  policy: CountPolicy,
  noiseKey: Buffer,
  cell: { agreementId: string; lab: string; kind: string; hour: string; part?: string },
): SharedCount {
  const kept = suppressSmallCount(count, policy.k);
  if (kept === null) return { count: null, suppressed: true, noisy: false };
  // `part` (a lamppost, a measure) gives each figure of one hour its own draw; the lab's hourly
  // count has none, so its noise is the one it always had.
  const part = cell.part === undefined ? '' : `\0${cell.part}`;
  const seed = createHmac('sha256', noiseKey)
    .update(`${cell.agreementId}\0${cell.lab}\0${cell.kind}\0${cell.hour}\0${count}${part}`)
    .digest()
    .readUInt32BE(0);
  // Noise must not push a published count below k either (it would read as "few people here").
  const noisy = noisyCount(kept, policy.epsilon, seededRandom(seed));
  const value = noisy > 0 && noisy < policy.k ? policy.k : noisy;
  return { count: value, suppressed: false, noisy: true };
}
