import { getMetadataStorage } from 'class-validator';
import type { Rejection } from '@hub/contracts';

/** The property names a DTO declares (every validated property has at least one decorator). */
export function declaredFields(dto: new () => object): readonly string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/** Levenshtein distance, giving up (returning `limit + 1`) once it exceeds `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      best = Math.min(best, current[j]);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/**
 * Refuses the first top-level field the kind does not declare, naming the closest declared one
 * when it looks like a typo (at most 2 edits), so `celcius` is answered with `celsius`. Nested
 * unknown fields are refused by class-validator's whitelist.
 */
export function checkTopLevelFields(
  payload: Readonly<Record<string, unknown>>,
  declared: readonly string[],
  seq: number | undefined,
): Rejection | undefined {
  for (const key of Object.keys(payload)) {
    if (declared.includes(key)) continue;
    // Field names are device input: bound what goes into the reply and what is compared.
    const shown = key.length > 64 ? `${key.slice(0, 64)}...` : key;
    const near =
      key.length > 64
        ? undefined
        : declared
            .map((name) => ({ name, edits: distance(key, name, 2) }))
            .filter((c) => c.edits <= 2)
            .sort((a, b) => a.edits - b.edits)[0]?.name;
    return {
      code: 'SCHEMA_VIOLATION',
      message: `unknown field ${shown}${near ? `; did you mean ${near}?` : ''} (declared: ${declared.join(', ')})`,
      field: shown,
      ...(seq !== undefined && { seq }),
    };
  }
  return undefined;
}
