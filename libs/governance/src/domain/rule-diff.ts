import { canonicalJson } from '@hub/privacy';

export interface RuleChange {
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
  readonly description: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isPrimitiveList = (v: unknown): v is (string | number | boolean)[] =>
  Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null);
const show = (v: unknown): string => (typeof v === 'string' ? v : canonicalJson(v));

/**
 * Differences between two rule sets, path by path, in words. Lists of names (metrics, classes,
 * technologies) are compared as sets, so "LAmin removed" reads as what it means.
 */
export function diffRuleSets(before: unknown, after: unknown, path = ''): RuleChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      const p = path ? `${path}.${k}` : k;
      if (!(k in before)) {
        return [
          {
            path: p,
            change: 'added' as const,
            after: after[k],
            description: `${p} added: ${show(after[k])}`,
          },
        ];
      }
      if (!(k in after)) {
        return [
          {
            path: p,
            change: 'removed' as const,
            before: before[k],
            description: `${p} removed (was ${show(before[k])})`,
          },
        ];
      }
      return diffRuleSets(before[k], after[k], p);
    });
  }
  if (isPrimitiveList(before) && isPrimitiveList(after)) {
    const added = after.filter((x) => !before.includes(x));
    const removed = before.filter((x) => !after.includes(x));
    if (added.length === 0 && removed.length === 0) return [];
    const words = [
      added.length > 0 ? `${added.map(show).join(', ')} added` : '',
      removed.length > 0 ? `${removed.map(show).join(', ')} removed` : '',
    ].filter(Boolean);
    return [
      { path, change: 'changed', before, after, description: `${path}: ${words.join('; ')}` },
    ];
  }
  if (canonicalJson(before) === canonicalJson(after)) return [];
  return [
    {
      path,
      change: 'changed',
      before,
      after,
      description: `${path}: ${show(before)} -> ${show(after)}`,
    },
  ];
}
