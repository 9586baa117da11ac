import type { Rejection } from '../domain/rejection.js';

/**
 * How deep and how big a parsed payload may be before any recursive code sees it. The deepest
 * documented payload is a camera message (object > detections[] > detection > bbox[] > number:
 * depth 4); the biggest is a radio message with 10,000 identifiers or a camera message with 1,000
 * detections (about 13,000 values).
 */
export const PAYLOAD_SHAPE_LIMITS = { maxDepth: 8, maxNodes: 20_000 } as const;

/**
 * Keys that name JavaScript's object machinery. JSON.parse makes them plain own properties, but
 * class-transformer assigns them onto an instance, where `__proto__` swaps the prototype: they
 * are refused wherever they appear.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Invariant: no payload deeper than `maxDepth` or with more than `maxNodes` values, and none with
 * a prototype key, reaches class-transformer, class-validator or the privacy filter (all of them
 * recurse: a 1,500-level array overflowed the call stack). The walk is iterative, with an explicit
 * stack, and stops at the first excess, so its cost is bounded by `maxNodes` whatever the input.
 */
export function checkPayloadShape(
  parsed: unknown,
  seq: number | undefined,
  limits: { readonly maxDepth: number; readonly maxNodes: number } = PAYLOAD_SHAPE_LIMITS,
): Rejection | undefined {
  type Entry = { value: unknown; depth: number; parent: string; key: string | number };
  const pathOf = (e: Entry): string =>
    typeof e.key === 'number' ? `${e.parent}[${e.key}]` : e.parent ? `${e.parent}.${e.key}` : e.key;
  const withSeq = seq === undefined ? {} : { seq };
  const tooMany: Rejection = {
    code: 'PAYLOAD_TOO_COMPLEX',
    message: `payload holds more than ${limits.maxNodes} values; send fewer per message`,
    ...withSeq,
  };
  const stack: Entry[] = [{ value: parsed, depth: 0, parent: '', key: '' }];
  // Counted when pushed, so one huge array is refused before its elements are stacked.
  let nodes = 1;
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const { value, depth } = entry;
    if (typeof value !== 'object' || value === null) continue;
    const path = pathOf(entry);
    if (depth >= limits.maxDepth) {
      return {
        code: 'PAYLOAD_TOO_COMPLEX',
        message: `payload nests deeper than ${limits.maxDepth} levels; no documented field does`,
        ...(path && { field: path }),
        ...withSeq,
      };
    }
    const names = Array.isArray(value) ? undefined : Object.keys(value);
    nodes += names ? names.length : (value as unknown[]).length;
    if (nodes > limits.maxNodes) return tooMany;
    const keys: readonly (string | number)[] =
      names ?? Array.from({ length: (value as unknown[]).length }, (_, i) => i);
    for (const key of keys) {
      if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) {
        return {
          code: 'SCHEMA_VIOLATION',
          message: `field name ${key} is not allowed`,
          field: path ? `${path}.${key}` : key,
          ...withSeq,
        };
      }
      const child = (value as Record<string | number, unknown>)[key];
      stack.push({ value: child, depth: depth + 1, parent: path, key });
    }
  }
  return undefined;
}
