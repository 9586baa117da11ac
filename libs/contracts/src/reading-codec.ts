import type { StoredAudience } from './audience.js';
import { HubError } from './hub-error.js';
import { givesBackIso, isoTime } from './iso-time.js';
import type { ReadingRecorded } from './reading-events.js';
import type { RuleStamp } from './rule-stamp.js';

/** Characters of the rule hash a compact reading keeps: enough to catch a mismatched history. */
export const RULE_HASH_PREFIX_CHARS = 8;

/**
 * The compact stored form of a ReadingRecorded (decision 0013). Left out because something else
 * already carries it: lab, lamppost (or grid cell) and kind (the stream id
 * `reading-{lab}.{lamppost}.{kind}`), the location (the lamppost, or the cell plus `cellMeters`),
 * `receivedAt` (the row's `recorded_at`), the rule's full hash and the transforms (the rule
 * version's event in the governance log: `rule` is `{id}@{version}#{hash prefix}`). `transforms`
 * is written only when the rule version does not determine them (non-allowlist kinds).
 *
 * Version 3 (decision 0013, amended) also leaves out `intervalSeconds` when the rule version fixes
 * it for the kind, and writes `observedAt` as epoch milliseconds (`at`) when the ISO string is the
 * one `toISOString` gives back. Version 2 readings are read as they are.
 */
export interface CompactReadingRecorded {
  readonly v: 2 | 3;
  readonly seq?: number;
  /** Version 2 always, version 3 when `at` would not give the same string back. */
  readonly observedAt?: string;
  /** Version 3: observedAt as epoch milliseconds. */
  readonly at?: number;
  /** Version 2 always; version 3 when the rule version does not fix it for the kind. */
  readonly intervalSeconds?: number;
  readonly audience: StoredAudience;
  readonly values: Readonly<Record<string, unknown>>;
  /** `{rule id}@{version}#{first RULE_HASH_PREFIX_CHARS of its hash}`. */
  readonly rule: string;
  /** Present when the location is a grid cell (the stream id then names the cell). */
  readonly cellMeters?: number;
  readonly transforms?: readonly string[];
}

/**
 * Version 4 (decision 0019): the fields of version 3 by position instead of by name, and the
 * audience only when it is not `any`:
 *
 *     [4, seq, at, values, rule]                      e.g. [4,42,1764669600000,{"celsius":21.5},"lab-rules@3#a1b2c3d4"]
 *     [4, seq, at, values, rule, audience]            an audience other than `any`
 *     [4, seq, at, values, rule, audience, extras]    extras: intervalSeconds, cellMeters, transforms
 *
 * `seq` is null when the reading has none; `at` is epoch milliseconds, or the ISO string when
 * those would not give it back; `audience` is null (`any`) when only the extras follow. The
 * values keep their names: a reading in the log still says what it measured, in which unit.
 */
export type CompactReadingArray = readonly [
  version: 4,
  seq: number | null,
  at: number | string,
  values: Readonly<Record<string, unknown>>,
  rule: string,
  audience?: StoredAudience | null,
  extras?: CompactReadingExtras,
];

/** What a version 4 reading writes only when the rule version does not give it back. */
export interface CompactReadingExtras {
  readonly intervalSeconds?: number;
  readonly cellMeters?: number;
  readonly transforms?: readonly string[];
}

/** A rule version as the governance log holds it, resolved for readings stamped with it. */
export interface ResolvedRuleVersion {
  readonly stamp: RuleStamp;
  /** The transforms this version applies to a reading of `kind` for `audience`, if it fixes them. */
  transforms(kind: string, audience: StoredAudience): readonly string[] | undefined;
  /** The interval of a reading of `kind` under this version, if the version fixes it. */
  intervalSeconds(kind: string): number | undefined;
}

/** Rule versions by lab, id and version: the governance log's stamps (decision 0013). */
export interface RuleVersions {
  resolve(lab: string, id: string, version: number): ResolvedRuleVersion | undefined;
}

export const RULE_VERSIONS = Symbol('RULE_VERSIONS');

/**
 * A stored reading names a rule version the reader's book of the governance log does not hold
 * (`VERSION_NOT_HELD`), or one that does not fix the transforms the reading left out
 * (`TRANSFORMS_NOT_FIXED`) or their interval (`INTERVAL_NOT_FIXED`). The operator's, as is every error of a log that cannot be read: a
 * client sees INTERNAL_SERVER_ERROR and an error id, the log the cause.
 */
export class UnknownRuleVersionError extends HubError {
  readonly code = 'UNKNOWN_RULE_VERSION';
  override readonly audience = 'operator';
  constructor(
    readonly lab: string,
    readonly rule: string,
    override readonly reason:
      'VERSION_NOT_HELD' | 'TRANSFORMS_NOT_FIXED' | 'INTERVAL_NOT_FIXED' = 'VERSION_NOT_HELD',
  ) {
    super(
      reason === 'VERSION_NOT_HELD'
        ? `reading names rule ${rule} of lab "${lab}", which the governance log does not hold`
        : `reading names rule ${rule} of lab "${lab}", which does not fix the ${reason === 'INTERVAL_NOT_FIXED' ? 'interval of its kind' : 'transforms of its kind and audience'}, and stores none itself`,
    );
  }
}

/**
 * A stored reading whose rule reference does not match the rule version's stamped hash. The
 * operator's (see UnknownRuleVersionError); the code says it all, so it has no finer reason.
 */
export class RuleHashMismatchError extends HubError {
  readonly code = 'RULE_HASH_MISMATCH';
  override readonly audience = 'operator';
  constructor(
    readonly lab: string,
    readonly rule: string,
    readonly hash: string,
  ) {
    super(`reading names rule ${rule} of lab "${lab}"; that version's stamped hash is ${hash}`);
  }
}

const STREAM = /^reading-([^.]+)\.([^.]+)\.([^.]+)$/;

/** Lab, lamppost (or cell) and kind from a reading stream id, or undefined when it is not one. */
export function parseReadingStreamId(
  streamId: string,
): { lab: string; lamppost: string; kind: string } | undefined {
  const m = STREAM.exec(streamId);
  return m ? { lab: m[1], lamppost: m[2], kind: m[3] } : undefined;
}

const ruleRef = (stamp: RuleStamp): string =>
  `${stamp.id}@${stamp.version}#${stamp.hash.slice(0, RULE_HASH_PREFIX_CHARS)}`;

function parseRuleRef(ref: string): { id: string; version: number; hash: string } | undefined {
  const at = ref.lastIndexOf('@');
  const hash = ref.lastIndexOf('#');
  if (at <= 0 || hash < at) return undefined;
  const version = Number(ref.slice(at + 1, hash));
  if (!Number.isInteger(version)) return undefined;
  return { id: ref.slice(0, at), version, hash: ref.slice(hash + 1) };
}

const sameList = (a: readonly string[] | undefined, b: readonly string[]): boolean =>
  a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/** True when the compact form's fields give `r` back exactly (what `decodeReading` rebuilds). */
function roundTrips(r: ReadingRecorded): boolean {
  const where = parseReadingStreamId(`reading-${r.lab}.${r.lamppost}.${r.kind}`);
  const location =
    'gridCell' in r.location ? r.location.gridCell : (r.location as { lamppost: string }).lamppost;
  return (
    where !== undefined &&
    where.lab === r.lab &&
    where.lamppost === r.lamppost &&
    where.kind === r.kind &&
    location === r.lamppost &&
    Object.keys(r.location).length === ('gridCell' in r.location ? 2 : 1) &&
    !r.rule.id.includes('#') &&
    Number.isInteger(r.rule.version)
  );
}

/**
 * The stored form of a reading: compact when every left-out field comes back exactly from the
 * stream id, the row and the rule version `rules` holds (checked field by field: the stamp's
 * hash, the derived transforms, the stream id and location); the full (version 1) form
 * otherwise, e.g. when the rule version is not in the governance log. `receivedAt` comes back
 * as the row's `recorded_at` (decision 0013).
 */
export function encodeReading(
  r: ReadingRecorded,
  rules: RuleVersions | undefined,
): ReadingRecorded | CompactReadingArray {
  const resolved = rules?.resolve(r.lab, r.rule.id, r.rule.version);
  if (!resolved || resolved.stamp.hash !== r.rule.hash || !roundTrips(r)) return r;
  const epochMs = Date.parse(r.observedAt);
  const at = givesBackIso(epochMs, r.observedAt) ? epochMs : r.observedAt;
  const head = [4, r.seq ?? null, at, r.values, ruleRef(r.rule)] as const;
  const extras: { -readonly [K in keyof CompactReadingExtras]: CompactReadingExtras[K] } = {};
  if (resolved.intervalSeconds(r.kind) !== r.intervalSeconds) {
    extras.intervalSeconds = r.intervalSeconds;
  }
  if ('gridCell' in r.location) extras.cellMeters = r.location.cellMeters;
  if (!sameList(resolved.transforms(r.kind, r.audience), r.transforms)) {
    extras.transforms = r.transforms;
  }
  if (Object.keys(extras).length > 0) {
    return [...head, r.audience === 'any' ? null : r.audience, extras];
  }
  return r.audience === 'any' ? head : [...head, r.audience];
}

/** A version 4 array as the named fields of version 3; undefined when `data` is not one. */
function fromArray(data: unknown): CompactReadingRecorded | undefined {
  if (!Array.isArray(data) || data[0] !== 4) return undefined;
  const [, seq, at, values, rule, audience, extras] = data as unknown[];
  const more = (extras ?? {}) as CompactReadingExtras;
  if (
    (seq !== null && typeof seq !== 'number') ||
    (typeof at !== 'number' && typeof at !== 'string') ||
    typeof values !== 'object' ||
    values === null ||
    typeof rule !== 'string' ||
    (audience !== undefined && audience !== null && typeof audience !== 'string') ||
    typeof more !== 'object'
  ) {
    return undefined;
  }
  return {
    v: 3,
    ...(seq !== null && { seq }),
    ...(typeof at === 'number' ? { at } : { observedAt: at }),
    audience: (audience ?? 'any') as StoredAudience,
    values: values as Readonly<Record<string, unknown>>,
    rule,
    ...more,
  };
}

/**
 * THE read boundary of stored readings: the full (version 1) and the compact (versions 2, 3 and
 * 4) forms become the same ReadingRecorded. A compact reading's rule is resolved from the governance
 * log's stamp of that version; one it does not hold, or whose hash differs, is an error, never a
 * reading without provenance.
 */
export function decodeReading(
  event: { readonly streamId: string; readonly data: unknown; readonly recordedAt: string },
  rules: RuleVersions | undefined,
): ReadingRecorded {
  if (Array.isArray(event.data)) {
    const named = fromArray(event.data);
    if (!named) throw new Error(`not a compact reading: stream ${event.streamId}`);
    return decodeNamed(event, named, rules);
  }
  const data = event.data as ReadingRecorded | CompactReadingRecorded;
  if (!('v' in data) || (data.v !== 2 && data.v !== 3)) return data as ReadingRecorded;
  return decodeNamed(event, data, rules);
}

/** A compact reading of version 2 or 3 (or 4, named by `fromArray`) as the full reading. */
function decodeNamed(
  event: { readonly streamId: string; readonly recordedAt: string },
  data: CompactReadingRecorded,
  rules: RuleVersions | undefined,
): ReadingRecorded {
  const where = parseReadingStreamId(event.streamId);
  const ref = parseRuleRef(data.rule);
  if (!where || !ref) {
    throw new Error(`not a compact reading: stream ${event.streamId}, rule ${String(data.rule)}`);
  }
  const resolved = rules?.resolve(where.lab, ref.id, ref.version);
  if (!resolved) throw new UnknownRuleVersionError(where.lab, data.rule);
  if (!resolved.stamp.hash.startsWith(ref.hash)) {
    throw new RuleHashMismatchError(where.lab, data.rule, resolved.stamp.hash);
  }
  const transforms = data.transforms ?? resolved.transforms(where.kind, data.audience);
  if (!transforms) throw new UnknownRuleVersionError(where.lab, data.rule, 'TRANSFORMS_NOT_FIXED');
  const intervalSeconds = data.intervalSeconds ?? resolved.intervalSeconds(where.kind);
  if (intervalSeconds === undefined) {
    throw new UnknownRuleVersionError(where.lab, data.rule, 'INTERVAL_NOT_FIXED');
  }
  const observedAt =
    data.observedAt ?? (typeof data.at === 'number' ? isoTime(data.at) : undefined);
  if (observedAt === undefined) {
    throw new Error(`not a compact reading: stream ${event.streamId} has no observedAt`);
  }
  return {
    lab: where.lab,
    lamppost: where.lamppost,
    location:
      data.cellMeters === undefined
        ? { lamppost: where.lamppost }
        : { gridCell: where.lamppost, cellMeters: data.cellMeters },
    kind: where.kind,
    ...(data.seq !== undefined && { seq: data.seq }),
    observedAt,
    intervalSeconds,
    audience: data.audience,
    values: data.values,
    rule: { id: resolved.stamp.id, version: resolved.stamp.version, hash: resolved.stamp.hash },
    transforms: [...transforms],
    receivedAt: event.recordedAt,
  };
}
