import type { Database } from 'better-sqlite3';
import type { Audience, ReadingView } from '../application/reading-view.js';
import { toReadingView, type ReadingRow } from './reading-row.js';
import type { LabScopes } from './readings-query.js';

/** The latest reading of each lamppost and kind, from the `latest_readings` read model. */
export class LampostsQuery {
  constructor(private readonly db: Database) {}

  /**
   * The newest reading of each lamppost and kind among the stored copies `audiences` (the
   * audience decision of the read: the owner's exact copy or the shared one). Required, so no
   * caller can forget it and serve the owner's copy to a grantee.
   */
  latest(
    lab: string,
    kinds: readonly string[] | undefined,
    audiences: readonly Audience[],
  ): ReadingView[] {
    if (audiences.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT * FROM latest_readings WHERE lab = ? AND audience IN (${audiences.map(() => '?').join(', ')})
         ORDER BY lamppost, kind, observed_at DESC, position DESC`,
      )
      .all(lab, ...audiences) as ReadingRow[];
    const newest = new Map<string, ReadingRow>();
    for (const r of rows) {
      if (kinds !== undefined && !kinds.includes(r.kind)) continue;
      const key = `${r.lamppost}\0${r.kind}`;
      if (!newest.has(key)) newest.set(key, r);
    }
    return [...newest.values()].map(toReadingView);
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
