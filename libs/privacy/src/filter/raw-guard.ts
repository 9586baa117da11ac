import type { SensorKind } from '@hub/contracts';
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

/**
 * Every leaf field path of a payload (names only, each once), for the "dropped fields" report.
 * An empty array, or one whose items have no fields, counts as a leaf. Adds to `out` in one walk:
 * no intermediate arrays (a camera message has ~100 leaves, a radio message ~500).
 */
export function fieldPaths(value: unknown, out = new Set<string>()): Set<string> {
  collect(value, '', out);
  return out;
}

/** Adds the leaf paths under `value`; false when there are none (an object without fields). */
function collect(value: unknown, path: string, out: Set<string>): boolean {
  if (Array.isArray(value)) {
    const itemPath = `${path}[]`;
    let any = false;
    for (const item of value) if (collect(item, itemPath, out)) any = true;
    if (!any) out.add(path);
    return true;
  }
  if (typeof value === 'object' && value !== null) {
    let any = false;
    for (const [k, v] of Object.entries(value)) {
      if (collect(v, path === '' ? k : `${path}.${k}`, out)) any = true;
    }
    return any;
  }
  out.add(path);
  return true;
}
