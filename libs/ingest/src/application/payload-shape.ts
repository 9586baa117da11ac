import type { Rejection } from '@hub/contracts';

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
  // Only containers are stacked (scalars are counted, never visited); a path is spelled out only
  // for a refusal, by walking up the parents.
  type Entry = { value: object; depth: number; parent?: Entry; key: string | number };
  const pathOf = (e: Entry | undefined, key?: string): string => {
    const parts: string[] = key === undefined ? [] : [`.${key}`];
    for (let at = e; at?.parent; at = at.parent) {
      parts.push(typeof at.key === 'number' ? `[${at.key}]` : `.${at.key}`);
    }
    return parts.reverse().join('').replace(/^\./, '');
  };
  const withSeq = seq === undefined ? {} : { seq };
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const stack: Entry[] = [{ value: parsed, depth: 0, key: '' }];
  // Counted before their children are stacked, so one huge array is refused at once.
  let nodes = 1;
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const { value, depth } = entry;
    if (depth >= limits.maxDepth) {
      const field = pathOf(entry);
      return {
        code: 'PAYLOAD_TOO_COMPLEX',
        message: `payload nests deeper than ${limits.maxDepth} levels; no documented field does`,
        ...(field && { field }),
        ...withSeq,
      };
    }
    const isArray = Array.isArray(value);
    const names = isArray ? undefined : Object.keys(value);
    const size = names ? names.length : (value as unknown[]).length;
    nodes += size;
    if (nodes > limits.maxNodes) {
      return {
        code: 'PAYLOAD_TOO_COMPLEX',
        message: `payload holds more than ${limits.maxNodes} values; send fewer per message`,
        ...withSeq,
      };
    }
    for (let i = 0; i < size; i++) {
      const key = names ? names[i] : i;
      if (names && FORBIDDEN_KEYS.has(key as string)) {
        return {
          code: 'SCHEMA_VIOLATION',
          message: `field name ${key} is not allowed`,
          field: pathOf(entry, key as string),
          ...withSeq,
        };
      }
      const child = (value as Record<string | number, unknown>)[key];
      if (typeof child === 'object' && child !== null) {
        stack.push({ value: child, depth: depth + 1, parent: entry, key });
      }
    }
  }
  return undefined;
}
