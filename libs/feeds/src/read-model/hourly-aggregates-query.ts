import type { Database } from 'better-sqlite3';

/** One hour of one kind: of one lamppost, or of the whole lab (`lamppost` null). */
export interface HourlyRow {
  readonly lab: string;
  readonly lamppost: string | null;
  readonly kind: string;
  readonly hour: string;
  /** Readings that hour. */
  readonly count: number;
  /** Readings that carried the kind's measure, and the parts of that measure (hourly-sample.ts). */
  readonly samples: number;
  readonly sum: number;
  readonly min: number | null;
  readonly max: number | null;
}

/** Hours of the `hourly_aggregates` read model, per lab or per lamppost. */
export class HourlyAggregatesQuery {
  constructor(private readonly db: Database) {}

  /**
   * Hours in [from, to) and after `after` (exclusive), oldest first, then by kind (and
   * lamppost). Per lab, the lampposts' parts are added up: every part is a sum, a min or a max.
   */
  range(
    lab: string,
    kinds: readonly string[] | undefined,
    bounds: { after?: string; from?: string; to?: string },
    limit: number,
    perLamppost = false,
  ): HourlyRow[] {
    const params: Record<string, string | number> = {
      lab,
      after: bounds.after ?? '',
      from: bounds.from ?? '',
      to: bounds.to ?? '9999',
      limit,
    };
    let kindClause = '';
    if (kinds !== undefined) {
      kinds.forEach((k, i) => (params[`k${i}`] = k));
      kindClause = `AND kind IN (${kinds.map((_, i) => `@k${i}`).join(', ') || "''"})`;
    }
    const where = `WHERE lab = @lab AND hour > @after AND hour >= @from AND hour < @to ${kindClause}`;
    const sql = perLamppost
      ? `SELECT lab, lamppost, kind, hour, count, samples, sum, min, max FROM hourly_aggregates
         ${where} ORDER BY hour, kind, lamppost LIMIT @limit`
      : `SELECT lab, NULL AS lamppost, kind, hour, SUM(count) AS count, SUM(samples) AS samples,
           SUM(sum) AS sum, MIN(min) AS min, MAX(max) AS max
         FROM hourly_aggregates ${where} GROUP BY lab, kind, hour ORDER BY hour, kind LIMIT @limit`;
    return this.db.prepare(sql).all(params) as HourlyRow[];
  }
}
