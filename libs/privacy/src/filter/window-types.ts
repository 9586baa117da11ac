import type { ReadingValue } from './filter-types.js';

/** What a closing window hands back: one value set per audience, plus the transforms used. */
export interface WindowResult {
  audience: 'any' | 'owner' | 'shared';
  values: Record<string, ReadingValue>;
  transforms: string[];
}
