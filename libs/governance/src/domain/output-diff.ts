import type { FilteredReading, ReadingValue } from '@hub/privacy';

/** What one rule set made of one sample message. */
export interface SampleOutcome {
  readonly outcome: 'emit' | 'reject';
  readonly code?: string;
  readonly readings: readonly FilteredReading[];
  /** Input fields the filter dropped (names only). */
  readonly dropped: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, ReadingValue> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Field paths of a reading's values, arrays written `[]`. Rows of a list of objects are also
 * named by their text fields (`counts[class=dog,direction=in]`), so a new class or zone shows.
 */
export function valuePaths(value: ReadingValue, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isRecord(item)) {
        const key = Object.entries(item)
          .flatMap(([k, v]) => (typeof v === 'string' ? [`${k}=${v}`] : []))
          .join(',');
        if (key) out.add(`${prefix}[${key}]`);
      }
      valuePaths(item, `${prefix}[]`, out);
    }
    if (value.length === 0) out.add(`${prefix}[]`);
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) valuePaths(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.add(prefix);
  }
  return out;
}

const exposedPaths = (o: SampleOutcome): Set<string> => {
  const out = new Set<string>();
  for (const r of o.readings) {
    valuePaths(r.values, '', out);
    for (const k of Object.keys(r.location)) out.add(`location.${k}`);
  }
  return out;
};

const firstValues = (o: SampleOutcome): Map<string, string> => {
  const m = new Map<string, string>();
  const r = o.readings.find((x) => x.audience !== 'shared') ?? o.readings[0];
  if (!r) return m;
  for (const [k, v] of Object.entries(r.values)) {
    if (typeof v !== 'object' || v === null) m.set(k, String(v));
  }
  m.set('observedAt', r.observedAt);
  m.set('interval', `${r.intervalSeconds} s`);
  return m;
};

const minus = <T>(a: Iterable<T>, b: Set<T>): T[] => [...a].filter((x) => !b.has(x));

export interface OutputDiff {
  readonly newlyExposed: string[];
  readonly newlyDropped: string[];
  /** Every difference in words, e.g. "would newly expose: tags". */
  readonly lines: string[];
}

/**
 * Compares what the active version and the proposal make of the same message: fields that would
 * newly leave the filter (in the input's or the output's names), fields no longer kept, changed
 * transforms, values and audiences.
 */
export function diffOutcomes(active: SampleOutcome, proposal: SampleOutcome): OutputDiff {
  const lines: string[] = [];
  if (active.outcome !== proposal.outcome) {
    lines.push(
      proposal.outcome === 'reject'
        ? `would newly refuse this message (${proposal.code})`
        : `would newly accept this message (the active version refuses it: ${active.code})`,
    );
  }
  const aDropped = new Set(active.dropped);
  const pDropped = new Set(proposal.dropped);
  const aOut = exposedPaths(active);
  const pOut = exposedPaths(proposal);
  const exposed = new Set([
    ...minus(pOut, aOut),
    ...(active.outcome === 'emit' && proposal.outcome === 'emit' ? minus(aDropped, pDropped) : []),
  ]);
  const dropped = new Set([
    ...minus(aOut, pOut),
    ...(active.outcome === 'emit' && proposal.outcome === 'emit' ? minus(pDropped, aDropped) : []),
  ]);
  for (const e of exposed) dropped.delete(e);
  const newlyExposed = [...exposed].sort();
  const newlyDropped = [...dropped].sort();
  for (const p of newlyExposed) lines.push(`would newly expose: ${p}`);
  for (const p of newlyDropped) lines.push(`would newly drop: ${p}`);

  const aT = new Set(active.readings.flatMap((r) => r.transforms));
  const pT = new Set(proposal.readings.flatMap((r) => r.transforms));
  if (active.outcome === 'emit' && proposal.outcome === 'emit') {
    for (const t of minus(pT, aT)) lines.push(`would newly apply: ${t}`);
    for (const t of minus(aT, pT)) lines.push(`would no longer apply: ${t}`);
  }
  const aAud = new Set(active.readings.map((r) => r.audience));
  const pAud = new Set(proposal.readings.map((r) => r.audience));
  for (const a of minus(pAud, aAud)) lines.push(`would newly produce readings for audience: ${a}`);
  for (const a of minus(aAud, pAud))
    lines.push(`would no longer produce readings for audience: ${a}`);

  const aV = firstValues(active);
  const pV = firstValues(proposal);
  for (const [k, v] of pV) {
    const before = aV.get(k);
    if (before !== undefined && before !== v) lines.push(`would change ${k}: ${before} -> ${v}`);
  }
  return { newlyExposed, newlyDropped, lines };
}
