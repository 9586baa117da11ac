import { getMetadataStorage } from 'class-validator';
import validator from 'validator';
import { IS_BASE64, isPaddedBase64 } from '../dto/is-base64.js';

type ValidationMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];
const { isBase64, isISO8601, isLength } = validator;

/** `true` when the plain object certainly passes the DTO's class-validator rules. */
export type FastCheck = (value: Record<string, unknown>) => boolean;

type Check = (value: unknown) => boolean;

/**
 * The same decisions class-validator 0.15 makes for these constraints (see its `is*` functions),
 * without building class instances and error objects on the hot path.
 */
const CONSTRAINTS: Record<string, (c: readonly unknown[] | undefined) => Check> = {
  isInt: () => (v) => typeof v === 'number' && Number.isInteger(v),
  isNumber: (c) => {
    const o = (c?.[0] ?? {}) as {
      allowNaN?: boolean;
      allowInfinity?: boolean;
      maxDecimalPlaces?: number;
    };
    if (o.maxDecimalPlaces !== undefined) throw new Unsupported('isNumber.maxDecimalPlaces');
    return (v) =>
      typeof v === 'number' &&
      (o.allowNaN === true || !Number.isNaN(v)) &&
      (o.allowInfinity === true || (v !== Infinity && v !== -Infinity));
  },
  min: (c) => (v) => typeof v === 'number' && v >= (c![0] as number),
  max: (c) => (v) => typeof v === 'number' && v <= (c![0] as number),
  isString: () => (v) => typeof v === 'string',
  isBoolean: () => (v) => typeof v === 'boolean',
  isIn: (c) => {
    const allowed = c![0] as readonly unknown[];
    return (v) => allowed.some((a) => a === v);
  },
  isIso8601: (c) => {
    const options = c?.[0] as Parameters<typeof isISO8601>[1];
    return (v) => typeof v === 'string' && isISO8601(v, options);
  },
  isBase64: (c) => {
    const options = c?.[0] as Parameters<typeof isBase64>[1];
    return (v) => typeof v === 'string' && isBase64(v, options);
  },
  matches: (c) => {
    const [pattern, modifiers] = c as [RegExp | string, string | undefined];
    const re = typeof pattern === 'string' ? new RegExp(pattern, modifiers) : pattern;
    return (v) => typeof v === 'string' && re.test(v);
  },
  maxLength: (c) => (v) => typeof v === 'string' && isLength(v, { min: 0, max: c![0] as number }),
  minLength: (c) => (v) => typeof v === 'string' && isLength(v, { min: c![0] as number }),
  [IS_BASE64]: () => (v) => typeof v === 'string' && isPaddedBase64(v),
  isArray: () => (v) => Array.isArray(v),
  arrayMinSize: (c) => (v) => Array.isArray(v) && v.length >= (c![0] as number),
  arrayMaxSize: (c) => (v) => Array.isArray(v) && v.length <= (c![0] as number),
};

class Unsupported extends Error {}

function compileConstraint(m: ValidationMetadata, nested: NestedTypes): Check {
  if (m.type === 'nestedValidation') {
    const type = nested[m.propertyName];
    if (!type) throw new Unsupported(`nested ${m.propertyName} without a declared type`);
    const inner = compileDto(type, nested);
    if (!inner) throw new Unsupported(`nested ${m.propertyName}`);
    const isObject = (v: unknown): v is Record<string, unknown> =>
      typeof v === 'object' && v !== null && !Array.isArray(v);
    const one: Check = (v) => isObject(v) && inner(v);
    return m.each ? (v) => Array.isArray(v) && v.every(one) : one;
  }
  if (m.type !== 'customValidation' || !m.name) throw new Unsupported(m.type);
  const factory = CONSTRAINTS[m.name];
  if (!factory) throw new Unsupported(m.name);
  const check = factory(m.constraints);
  // `each`: every element of an array value must pass (a non-array value is checked itself).
  return m.each ? (v) => (Array.isArray(v) ? v.every(check) : check(v)) : check;
}

/**
 * Compiles a DTO into one fast predicate, for whitelist + forbid-non-whitelisted validation;
 * nested DTOs need their classes in `nested`. Returns undefined for DTOs using anything it does not know, which then
 * always take the full class-validator path. A `false` answer is only a hint: the caller asks
 * class-validator for the authoritative error.
 */
/** The class of each nested property (what `@Type(() => X)` says), by property name. */
export type NestedTypes = Readonly<Record<string, new () => object>>;

export function compileDto(dto: new () => object, nested: NestedTypes = {}): FastCheck | undefined {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const byProperty = new Map<string, { optional: boolean; checks: Check[] }>();
  try {
    for (const m of metadata) {
      const entry = byProperty.get(m.propertyName) ?? { optional: false, checks: [] };
      byProperty.set(m.propertyName, entry);
      if (m.type === 'conditionalValidation') {
        entry.optional = true; // @IsOptional: undefined or null skips the property's checks
        continue;
      }
      entry.checks.push(compileConstraint(m, nested));
    }
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  const properties = [...byProperty].map(([name, p]) => ({ name, ...p }));
  const allowed = new Set(byProperty.keys());
  return (value) => {
    for (const key in value) if (!allowed.has(key)) return false;
    for (const p of properties) {
      const v = value[p.name];
      if (p.optional && (v === undefined || v === null)) continue;
      for (const check of p.checks) if (!check(v)) return false;
    }
    return true;
  };
}
