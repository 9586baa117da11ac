import { splitByAudience } from '../counts/audience-split.js';
import type { RandomSource } from '../counts/random-source.js';
import type { ReadingValue } from '../filter/filter-types.js';
import type { WindowResult } from '../filter/window-types.js';
import type { RadioRule } from '../rules/rule-set.js';
import type { Keyring } from './keyring.js';
import { normaliseIdentifier, truncateDigest } from './pseudonymise.js';

/**
 * Unique devices per technology for one window at one location. Identifiers are keyed-hashed on
 * arrival; the clear value is never kept. The set of 64-bit tags (for de-duplication) is bounded
 * by maxDevicesPerWindow and discarded when the window closes.
 */
export class RadioWindow {
  private readonly seen = new Map<string, Map<string, string>>();
  private size = 0;
  private capped = false;

  constructor(private readonly rule: RadioRule) {}

  add(technology: string, identifiers: string[], keyring: Keyring, nowMs: number): void {
    let set = this.seen.get(technology);
    if (!set) this.seen.set(technology, (set = new Map<string, string>()));
    for (const id of identifiers) {
      const digest = keyring.hmac(normaliseIdentifier(id), nowMs);
      const dedupe = truncateDigest(digest, 64);
      if (set.has(dedupe)) continue;
      if (this.size >= this.rule.maxDevicesPerWindow) {
        this.capped = true;
        continue;
      }
      set.set(dedupe, this.rule.emitTags ? truncateDigest(digest, this.rule.truncateBits) : '');
      this.size++;
    }
  }

  close(opts: { random: RandomSource; spendBudget: (epsilon: number) => boolean }): WindowResult[] {
    const r = this.rule;
    const base = [
      `pseudonymise:hmac-sha256:bits=${r.truncateBits}`,
      'unique-count',
      'drop:identifiers',
    ];
    return splitByAudience(
      r.counts,
      (count, audience) => {
        const devices: ReadingValue[] = r.technologies.map((technology) => ({
          technology,
          uniqueDevices: count(this.seen.get(technology)?.size ?? 0),
        }));
        const values: Record<string, ReadingValue> = { devices };
        if (this.capped) values.capped = true;
        if (r.emitTags && audience === 'owner') {
          // Tags only where the count itself is publishable, or the tag list would reveal it.
          const tags: Record<string, ReadingValue> = {};
          for (const technology of r.technologies) {
            const set = this.seen.get(technology);
            const n = set?.size ?? 0;
            tags[technology] = count(n) === null || !set ? [] : [...new Set(set.values())].sort();
          }
          values.tags = tags;
        }
        return values;
      },
      { ...opts, ownerOnlyExtras: r.emitTags },
      base,
    );
  }
}
