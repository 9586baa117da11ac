import type { StoredAudience } from '@hub/contracts';
import type { ReadingValue } from './filter-types.js';

/** What a closing window hands back: one value set per audience, plus the transforms used. */
export interface WindowResult {
  audience: StoredAudience;
  values: Record<string, ReadingValue>;
  transforms: string[];
}
