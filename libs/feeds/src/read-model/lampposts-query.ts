import type { Database } from 'better-sqlite3';
import type { ReadingView } from '../application/reading-view.js';
import { toReadingView, type ReadingRow } from './reading-row.js';
import type { LabScopes } from './readings-query.js';

/** The latest reading of each lamppost and kind, from the `latest_readings` read model. */
export class LampostsQuery {
  constructor(private readonly db: Database) {}

  latest(lab: string, kinds: readonly string[] | undefined): ReadingView[] {
    const rows = this.db
      .prepare('SELECT * FROM latest_readings WHERE lab = ? ORDER BY lamppost, kind')
      .all(lab) as ReadingRow[];
    return rows.filter((r) => kinds === undefined || kinds.includes(r.kind)).map(toReadingView);
  }

  /** Labs that have stored readings, within `scopes` when given. */
  labsWithReadings(scopes: LabScopes): string[] {
    const labs = (
      this.db.prepare('SELECT DISTINCT lab FROM latest_readings ORDER BY lab').all() as {
        lab: string;
      }[]
    ).map((r) => r.lab);
    return scopes === undefined ? labs : labs.filter((l) => scopes.some((s) => s.lab === l));
  }
}

export interface HourlyCount {
  readonly lab: string;
  readonly kind: string;
  readonly hour: string;
  readonly count: number;
}

/** Readings per lab, kind and UTC hour, from the `hourly_counts` read model. */
export class HourlyCountsQuery {
  constructor(private readonly db: Database) {}

  /** Hours in [from, to) and after `after` (exclusive), oldest first. */
  range(
    lab: string,
    kinds: readonly string[] | undefined,
    bounds: { after?: string; from?: string; to?: string },
    limit: number,
  ): HourlyCount[] {
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
    return this.db
      .prepare(
        `SELECT lab, kind, hour, count FROM hourly_counts
         WHERE lab = @lab AND hour > @after AND hour >= @from AND hour < @to ${kindClause}
         ORDER BY hour, kind LIMIT @limit`,
      )
      .all(params) as HourlyCount[];
  }
}
