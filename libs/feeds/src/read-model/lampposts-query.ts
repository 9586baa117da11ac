import type { Database } from 'better-sqlite3';
import type { Audience, ReadingView } from '../application/reading-view.js';
import { toReadingView, type ReadingRow } from './reading-row.js';
import type { LabScope } from './readings-query.js';

export interface LamppostPlace {
  readonly lamppost: string;
  readonly lat: number | null;
  readonly lon: number | null;
}

/** The labs of `latest_readings` in order, each found by a seek past the one before. */
const LABS = `WITH RECURSIVE labs (lab) AS (
    SELECT min(lab) FROM latest_readings
    UNION ALL
    SELECT (SELECT min(lab) FROM latest_readings WHERE lab > labs.lab) FROM labs
    WHERE labs.lab IS NOT NULL
  )
  SELECT lab FROM labs WHERE lab IS NOT NULL`;

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

  /**
   * The lab's registered lampposts that are not decommissioned, and where they stand (null
   * until the registry was given a position), from the `lamppost_places` read model.
   */
  places(lab: string): LamppostPlace[] {
    return this.db
      .prepare(
        `SELECT lamppost, lat, lon FROM lamppost_places
         WHERE lab = ? AND decommissioned = 0 ORDER BY lamppost`,
      )
      .all(lab) as LamppostPlace[];
  }

  /**
   * Labs that have stored readings, within `scopes` when given (undefined: every lab): one seek per lab in the primary
   * key (the next lab after the last one found), not a scan of every lamppost, kind and copy.
   */
  labsWithReadings(scopes: readonly LabScope[] | undefined): string[] {
    const labs = (this.db.prepare(LABS).all() as { lab: string }[]).map((r) => r.lab);
    return scopes === undefined ? labs : labs.filter((l) => scopes.some((s) => s.lab === l));
  }
}
