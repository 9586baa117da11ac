import type { SensorKind } from '../rules/rule-set.js';
import { scanForRawData } from '../scan/scan-raw-data.js';
import { reject, type RejectOutcome } from './filter-types.js';

/**
 * The fields each kind consumes as designed media or identifier input. They are transformed and
 * dropped by the kind's transform. Every OTHER value in the payload is scanned: raw media or a
 * clear identifier there means the device (or an attacker) is leaking, so the message is rejected.
 */
const CONSUMED: Record<SensorKind, readonly string[]> = {
  temperature: [],
  air: [],
  motion: [],
  sound: ['pcm'],
  camera: ['frame', 'detections[].plate', 'detections[].trackId'],
  radio: ['identifiers[]'],
};

/** Numeric arrays longer than this look like samples or pixels, not a sensor fact. */
const MAX_NUMERIC_ARRAY = 256;

/** Reject a payload that carries raw media or clear identifiers outside the consumed fields. */
export function guardRawPayload(
  kind: SensorKind,
  payload: Record<string, unknown>,
): RejectOutcome | null {
  return walk(payload, '', CONSUMED[kind]);
}

function walk(value: unknown, path: string, consumed: readonly string[]): RejectOutcome | null {
  if (consumed.includes(path)) return null;
  if (typeof value === 'string') {
    if (cannotMatch(value)) return null;
    const finding = scanForRawData(value, path)[0];
    if (!finding) return null;
    const identifier = finding.signature === 'mac-address' || finding.signature === 'plate';
    return identifier
      ? reject('IDENTIFIER_IN_CLEAR', `clear identifier (${finding.signature}) in field`, path)
      : reject('RAW_MEDIA_FORBIDDEN', `raw data (${finding.signature}) in field`, path);
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_NUMERIC_ARRAY && value.every((v) => typeof v === 'number')) {
      return reject('RAW_MEDIA_FORBIDDEN', 'long numeric array looks like raw samples', path);
    }
    for (const item of value) {
      const r = walk(item, `${path}[]`, consumed);
      if (r) return r;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const r = walk(v, path === '' ? k : `${path}.${k}`, consumed);
      if (r) return r;
    }
  }
  return null;
}

/**
 * Fast path for short printable strings (class names, zones, units): none of the signatures can
 * match without a non-printable character, a separator (- : . /), a base64 magic prefix or
 * BASE64_RUN_MIN characters.
 */
function cannotMatch(s: string): boolean {
  return s.length < 256 && /^[\x20-\x7e]*$/.test(s) && !/[-:./]|iVBOR|UklGR/.test(s);
}

/** Every leaf field path of a payload (names only), for the "dropped fields" report. */
export function fieldPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) {
    const out = new Set<string>();
    for (const item of value) for (const p of fieldPaths(item, `${path}[]`)) out.add(p);
    return out.size > 0 ? [...out] : [path];
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) =>
      fieldPaths(v, path === '' ? k : `${path}.${k}`),
    );
  }
  return [path];
}
