import type { KindRules, LocationRule } from '@hub/privacy';

/**
 * What the rule in force keeps of one sensor kind, as data, so the public register can say it
 * in any language: which values, per what time window, at what place, and how small counts are
 * protected. Derived from the active rule set only; nothing here is set by hand.
 */
export interface KeptFacts {
  /** The stored values: fields (`celsius`), sound metrics (`LAeq`), camera classes, radio technologies. */
  readonly values: readonly string[];
  /** One stored value per this many seconds (the rule's window or time bucket). */
  readonly everySeconds: number;
  /** `lamppost`: the lamppost's own place; `grid`: generalised to a grid cell of `cellMeters`. */
  readonly place: 'lamppost' | 'grid';
  readonly cellMeters?: number;
  /** Counts below this are not published (null instead). */
  readonly minCount?: number;
  /** Counts shared beyond the owner carry random noise (differential privacy). */
  readonly noise: boolean;
}

const where = (l: LocationRule): Pick<KeptFacts, 'place' | 'cellMeters'> =>
  l.mode === 'grid' ? { place: 'grid', cellMeters: l.cellMeters } : { place: 'lamppost' };

export function keptFacts(kind: keyof KindRules, rules: KindRules): KeptFacts | undefined {
  switch (kind) {
    case 'temperature':
    case 'air':
    case 'motion': {
      const r = rules[kind];
      if (!r) return undefined;
      return {
        values: Object.keys(r.fields),
        everySeconds: r.timeBucketSeconds,
        ...where(r.location),
        ...(r.counts && { minCount: r.counts.k }),
        noise: r.counts?.noise !== undefined,
      };
    }
    case 'sound': {
      const r = rules.sound;
      if (!r) return undefined;
      return {
        values: [...r.metrics, ...(r.soundClass ? ['soundClass'] : [])],
        everySeconds: r.windowSeconds,
        ...where(r.location),
        noise: false,
      };
    }
    case 'camera': {
      const r = rules.camera;
      if (!r) return undefined;
      return {
        values: r.classes,
        everySeconds: r.windowSeconds,
        ...where(r.location),
        minCount: r.counts.k,
        noise: r.counts.noise !== undefined,
      };
    }
    case 'radio': {
      const r = rules.radio;
      if (!r) return undefined;
      return {
        values: r.technologies,
        everySeconds: r.windowSeconds,
        ...where(r.location),
        minCount: r.counts.k,
        noise: r.counts.noise !== undefined,
      };
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}
