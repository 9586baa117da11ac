import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { isSensorKind, SENSOR_KINDS, type Rejection, type SensorKind } from '@hub/contracts';
import type { ReadingBaseDto } from '../dto/reading-base.dto.js';
import { NESTED_DTOS, READING_DTOS } from '../dto/reading-dtos.js';
import { compileDto, type FastCheck } from './compile-dto.js';
import { checkPayloadShape } from './payload-shape.js';
import { checkTopLevelFields, declaredFields } from './unknown-fields.js';

export type ValidationOutcome =
  | { readonly ok: true; readonly kind: SensorKind; readonly payload: ReadingBaseDto }
  | { readonly ok: false; readonly rejection: Rejection };

const RANGE_CONSTRAINTS = new Set(['min', 'max']);

/** The first failing constraint, depth first, with its dotted path. */
function firstFailure(
  errors: readonly ValidationError[],
  prefix = '',
): { field: string; constraint: string; message: string } | undefined {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    // A value of the wrong type also fails its range checks: report the type problem then.
    const entries = Object.entries(error.constraints ?? {});
    const [constraint, message] =
      entries.find(([name]) => !RANGE_CONSTRAINTS.has(name)) ?? entries[0] ?? [];
    if (constraint && message) return { field, constraint, message };
    const nested = firstFailure(error.children ?? [], field);
    if (nested) return nested;
  }
  return undefined;
}

const seqOf = (value: unknown): number | undefined => {
  const seq = (value as { seq?: unknown } | null)?.seq;
  return typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : undefined;
};

/**
 * Parses and validates a device payload for `kind`. Refusals carry a code and a message a device
 * developer can act on, and never the payload itself.
 */
export interface TimeWindow {
  readonly nowMs: number;
  readonly maxAgeMs: number;
  readonly maxSkewMs: number;
}

/** Refuses an `observedAt` outside [now - maxAge, now + maxSkew]. */
function checkObservedAt(observedAt: string, seq: number, time: TimeWindow): Rejection | undefined {
  const at = Date.parse(observedAt);
  if (at < time.nowMs - time.maxAgeMs) {
    return {
      code: 'STALE_TIMESTAMP',
      message: `observedAt is more than ${Math.round(time.maxAgeMs / 1000)} s in the past; check the device clock or buffer`,
      field: 'observedAt',
      seq,
    };
  }
  if (at > time.nowMs + time.maxSkewMs) {
    return {
      code: 'FUTURE_TIMESTAMP',
      message: `observedAt is more than ${Math.round(time.maxSkewMs / 1000)} s in the future; synchronise the device clock (NTP)`,
      field: 'observedAt',
      seq,
    };
  }
  return undefined;
}

export function validateReading(
  kind: string,
  raw: Buffer,
  maxBytes: number,
  time?: TimeWindow,
): ValidationOutcome {
  if (raw.length > maxBytes) {
    return {
      ok: false,
      rejection: {
        code: 'PAYLOAD_TOO_LARGE',
        message: `payload is ${raw.length} bytes; at most ${maxBytes} are accepted`,
      },
    };
  }
  if (!isSensorKind(kind)) {
    return {
      ok: false,
      rejection: {
        code: 'UNKNOWN_KIND',
        message: `unknown sensor kind "${kind}"; known kinds: ${SENSOR_KINDS.join(', ')}`,
      },
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      rejection: {
        code: 'INVALID_JSON',
        message: `payload is not valid JSON: ${(error as Error).message}`,
      },
    };
  }
  const seq = seqOf(parsed);
  // Before anything that recurses (class-transformer, class-validator, the privacy filter).
  const shape = checkPayloadShape(parsed, seq);
  if (shape) return { ok: false, rejection: shape };
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return {
      ok: false,
      rejection: { code: 'SCHEMA_VIOLATION', message: 'payload must be a JSON object' },
    };
  }
  const unknown = checkTopLevelFields(parsed as Record<string, unknown>, DECLARED[kind], seq);
  if (unknown) return { ok: false, rejection: unknown };
  // Hot path: a compiled check of the same DTO rules; class-validator only when it fails (to name
  // the error) or for DTOs it cannot compile (nested ones: camera, sound).
  if (FAST_CHECKS[kind]?.(parsed as Record<string, unknown>)) {
    return withinTime(kind, parsed as unknown as ReadingBaseDto, time);
  }
  const payload = plainToInstance(READING_DTOS[kind], parsed);
  const failure = firstFailure(
    validateSync(payload, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
    }),
  );
  if (failure) {
    const code = RANGE_CONSTRAINTS.has(failure.constraint) ? 'OUT_OF_RANGE' : 'SCHEMA_VIOLATION';
    return { ok: false, rejection: { code, message: failure.message, field: failure.field, seq } };
  }
  return withinTime(kind, payload, time);
}

function withinTime(
  kind: SensorKind,
  payload: ReadingBaseDto,
  time?: TimeWindow,
): ValidationOutcome {
  if (time) {
    const late = checkObservedAt(payload.observedAt, payload.seq, time);
    if (late) return { ok: false, rejection: late };
  }
  return { ok: true, kind, payload };
}

const FAST_CHECKS: Partial<Record<SensorKind, FastCheck>> = Object.fromEntries(
  SENSOR_KINDS.map((k) => [k, compileDto(READING_DTOS[k], NESTED_DTOS)] as const).filter(
    ([, check]) => check,
  ),
);

const DECLARED: Readonly<Record<SensorKind, readonly string[]>> = Object.fromEntries(
  SENSOR_KINDS.map((k) => [k, declaredFields(READING_DTOS[k])] as const),
) as Record<SensorKind, readonly string[]>;
