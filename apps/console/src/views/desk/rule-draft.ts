import { SENSOR_KINDS } from '@hub/contracts';
import type { KindName, RuleContent } from './desk-api';
import type { DeskMessages } from './messages';

/** One number of a rule the form lets an officer change, by its place in the rule set. */
export interface Editable {
  readonly path: string;
  readonly label: string;
  /** Blank removes it (noise), instead of being an error. */
  readonly optional?: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function getPath(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, key) => (isObj(o) ? o[key] : undefined), root);
}

function setPath(root: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = root;
  for (const key of keys.slice(0, -1)) {
    if (!isObj(o[key])) o[key] = {};
    o = o[key] as Obj;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
}

/** The numbers of one kind's rule the form offers (the ones the rule has, plus noise on counts). */
export function editables(kind: KindName, rule: Obj, t: DeskMessages): Editable[] {
  const base = `kinds.${kind}`;
  const out: Editable[] = [];
  if ('windowSeconds' in rule) out.push({ path: `${base}.windowSeconds`, label: t.windowSeconds });
  if ('timeBucketSeconds' in rule) {
    out.push({ path: `${base}.timeBucketSeconds`, label: t.timeBucketSeconds });
  }
  if (isObj(rule.fields)) {
    for (const [name, f] of Object.entries(rule.fields)) {
      if (isObj(f) && 'decimals' in f) {
        out.push({ path: `${base}.fields.${name}.decimals`, label: t.fieldDecimals(name) });
      }
    }
  }
  if (isObj(rule.counts)) {
    out.push({ path: `${base}.counts.k`, label: t.countsK });
    if (kind === 'camera' || kind === 'radio') {
      out.push({ path: `${base}.counts.noise.epsilon`, label: t.epsilonField, optional: true });
    }
  }
  return out;
}

/** The form's starting values: every editable number of the version in force, as text. */
export function initialValues(content: RuleContent, t: DeskMessages): Record<string, string> {
  const values: Record<string, string> = {};
  for (const kind of SENSOR_KINDS) {
    const rule = content.kinds[kind];
    if (!rule) continue;
    for (const e of editables(kind, rule, t)) {
      const v = getPath(content, e.path);
      values[e.path] = typeof v === 'number' ? String(v) : '';
    }
  }
  return values;
}

/**
 * The complete rule set the form describes: the version in force, with the edited numbers, the
 * new version number and without the kinds left out. Numbers are sent as typed; the hub checks.
 */
export function buildDraft(
  base: RuleContent,
  version: string,
  included: Readonly<Record<string, boolean>>,
  values: Readonly<Record<string, string>>,
): RuleContent {
  const draft = structuredClone(base);
  draft.version = version.trim() === '' ? Number.NaN : Number(version);
  for (const [path, text] of Object.entries(values)) {
    const kind = path.split('.')[1] as KindName;
    if (!draft.kinds[kind]) continue;
    if (path.endsWith('.noise.epsilon') && text.trim() === '') {
      setPath(draft, path.replace(/\.epsilon$/, ''), undefined);
      continue;
    }
    setPath(draft, path, text.trim() === '' ? null : Number(text));
  }
  for (const kind of SENSOR_KINDS) if (!included[kind]) delete draft.kinds[kind];
  return draft;
}
