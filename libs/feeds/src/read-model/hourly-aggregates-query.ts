import type { Database } from 'better-sqlite3';
import { hourlyAggregatesProjection } from './hourly-aggregates.projection.js';
import { mergeSorted } from './merge-sorted.js';
import { statement } from './statement-cache.js';

/** Walks of one query that get a cached statement each (the sensor kinds, with room to spare). */
const WALK_SLOTS = 8;

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

/** Hours of the read model and the log position they are complete up to. */
export interface HoursAnswer {
  readonly rows: HourlyRow[];
  /**
   * The `hourly-aggregates` projection's checkpoint, read in the same read transaction as the
   * rows: they hold every reading up to it and none after it (0 before its first batch).
   */
  readonly checkpoint: number;
}

const COLUMNS = 'lab, lamppost, kind, hour, count, samples, sum, min, max';
const SUMS = `lab, NULL AS lamppost, kind, hour, SUM(count) AS count, SUM(samples) AS samples,
  SUM(sum) AS sum, MIN(min) AS min, MAX(max) AS max`;
const HOURS = 'lab = @lab AND hour > @after AND hour >= @from AND hour < @to';

/**
 * Each shape walks one index in the order asked for, stopped after `limit` rows (or hours of the
 * lab): every kind, `hourly_aggregates_by_hour` (lab, hour, kind, then the key's lamppost); one
 * kind, the primary key (lab, kind, hour, lamppost). The lab's GROUP BY follows the walk (hour,
 * kind) so each hour is added up as it is reached; grouped by (kind, hour) it summed every hour of
 * the lab and sorted them before the LIMIT (0.5 s at a year of ten lampposts).
 */
const SQL = {
  lab: `SELECT ${SUMS} FROM hourly_aggregates WHERE ${HOURS}
        GROUP BY hour, kind ORDER BY hour, kind LIMIT @limit`,
  labOfKind: `SELECT ${SUMS} FROM hourly_aggregates WHERE ${HOURS} AND kind = @kind
        GROUP BY hour ORDER BY hour LIMIT @limit`,
  lampposts: `SELECT ${COLUMNS} FROM hourly_aggregates WHERE ${HOURS}
        ORDER BY hour, kind, lamppost LIMIT @limit`,
  lamppostsOfKind: `SELECT ${COLUMNS} FROM hourly_aggregates WHERE ${HOURS} AND kind = @kind
        ORDER BY hour, lamppost LIMIT @limit`,
};

/** Oldest hour first, then by kind, then by lamppost (ids and kinds are ASCII: code unit order). */
export function inOrder(a: HourlyRow, b: HourlyRow): number {
  for (const key of ['hour', 'kind', 'lamppost'] as const) {
    const x = a[key] ?? '';
    const y = b[key] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Hours of the `hourly_aggregates` read model, per lab or per lamppost. */
export class HourlyAggregatesQuery {
  constructor(private readonly db: Database) {}

  /**
   * Hours in [from, to) and after `after` (exclusive), oldest first, then by kind (and
   * lamppost). Per lab, the lampposts' parts are added up: every part is a sum, a min or a max.
   *
   * Some kinds: one walk per kind, merged lazily; an `IN` over kinds walked every kind of the
   * lab's hours and kept few, or summed them all to sort them (kinds the lab never stored: the
   * whole table of the lab for an empty answer).
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
    if (kinds === undefined) {
      return this.all(perLamppost ? SQL.lampposts : SQL.lab, params);
    }
    const sql = perLamppost ? SQL.lamppostsOfKind : SQL.labOfKind;
    // Read lazily and merged: `limit` hours plus one ahead per kind, not `limit` per kind. Walks
    // open at once need statements of their own (the comment makes the SQL, and so the cached
    // statement, differ); past the first few kinds (no sensor has more) one is prepared per call.
    const walks = [...new Set(kinds)].map((kind, slot) => {
      const prepared =
        slot < WALK_SLOTS ? statement(this.db, `${sql} -- walk ${slot}`) : this.db.prepare(sql);
      return prepared.iterate({ ...params, kind }) as IterableIterator<HourlyRow>;
    });
    return mergeSorted(walks, inOrder, limit);
  }

  /**
   * `range` and the projection's checkpoint in one read transaction, so the rows count exactly
   * the readings up to that checkpoint: readings after it can be added from the log without
   * counting one twice (aggregate-tail.ts).
   */
  rangeAt(
    lab: string,
    kinds: readonly string[] | undefined,
    bounds: { after?: string; from?: string; to?: string },
    limit: number,
    perLamppost = false,
  ): HoursAnswer {
    return this.db.transaction(() => ({
      checkpoint: this.checkpoint(),
      rows: this.range(lab, kinds, bounds, limit, perLamppost),
    }))();
  }

  private checkpoint(): number {
    const row = statement(
      this.db,
      `SELECT position FROM projection_checkpoints WHERE name = '${hourlyAggregatesProjection.name}'`,
    ).get() as { position: number } | undefined;
    return row?.position ?? 0;
  }

  private all(sql: string, params: Record<string, string | number>): HourlyRow[] {
    return statement(this.db, sql).all(params) as HourlyRow[];
  }
}
