/** One problem found in a rule set: where (JSON path) and why. */
export interface RuleSetIssue {
  path: string;
  reason: string;
}

type Obj = Record<string, unknown>;

/** Small helpers that record every problem instead of stopping at the first. */
export class ValidationContext {
  readonly issues: RuleSetIssue[] = [];

  fail(path: string, reason: string): void {
    this.issues.push({ path, reason });
  }

  /** An object whose keys are exactly from `allowed` (unknown keys are refused: deny by default). */
  object(path: string, value: unknown, allowed: readonly string[]): Obj | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'must be an object');
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(`${path}.${key}`, 'unknown property');
    }
    return value as Obj;
  }

  string(
    path: string,
    value: unknown,
    pattern = /^[a-z0-9][a-z0-9._-]{0,63}$/,
  ): string | undefined {
    if (typeof value !== 'string' || !pattern.test(value)) {
      this.fail(path, `must be a string matching ${String(pattern)}`);
      return undefined;
    }
    return value;
  }

  number(
    path: string,
    value: unknown,
    opts: { min: number; max: number; integer?: boolean; exclusiveMin?: boolean },
  ): number | undefined {
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (opts.exclusiveMin ? value > opts.min : value >= opts.min) &&
      value <= opts.max &&
      (!opts.integer || Number.isInteger(value));
    if (!ok) {
      const what = opts.integer ? 'an integer' : 'a number';
      const lower = opts.exclusiveMin ? `> ${opts.min}` : `>= ${opts.min}`;
      this.fail(path, `must be ${what} ${lower} and <= ${opts.max}`);
      return undefined;
    }
    return value;
  }

  literal<T extends string | number | boolean>(
    path: string,
    value: unknown,
    options: readonly T[],
  ): T | undefined {
    if (!options.includes(value as T)) {
      this.fail(path, `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
      return undefined;
    }
    return value as T;
  }

  /** A non-empty array of distinct values, each from `options`. */
  subset<T extends string | number>(
    path: string,
    value: unknown,
    options: readonly T[],
  ): T[] | undefined {
    if (!Array.isArray(value) || value.length === 0) {
      this.fail(path, 'must be a non-empty array');
      return undefined;
    }
    value.forEach((v, i) => this.literal(`${path}[${i}]`, v, options));
    if (new Set(value).size !== value.length) this.fail(path, 'must not repeat values');
    return value as T[];
  }

  /** A non-empty array of distinct short names. */
  names(path: string, value: unknown): string[] | undefined {
    if (!Array.isArray(value) || value.length === 0) {
      this.fail(path, 'must be a non-empty array');
      return undefined;
    }
    value.forEach((v, i) => this.string(`${path}[${i}]`, v));
    if (new Set(value).size !== value.length) this.fail(path, 'must not repeat values');
    return value as string[];
  }
}
