import type { Database, Statement } from 'better-sqlite3';
import type { ReadingQuery, ReadingView } from '../application/reading-view.js';

interface Row {
  position: number;
  lab: string;
  lamppost: string;
  kind: string;
  observed_at: string;
  values_json: string;
}

const toView = (row: Row): ReadingView => ({
  position: row.position,
  lab: row.lab,
  lamppost: row.lamppost,
  kind: row.kind,
  observedAt: row.observed_at,
  values: JSON.parse(row.values_json) as Record<string, unknown>,
});

/** History queries over the readings read model, in log order. */
export class ReadingsQuery {
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  /** Up to `limit` readings with position > `after`, oldest first. */
  page(q: ReadingQuery, after: number | undefined, limit: number): ReadingView[] {
    const where: string[] = ['position > @after'];
    const params: Record<string, string | number> = { after: after ?? 0, limit };
    const add = (clause: string, name: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params[name] = value;
    };
    add('lab = @lab', 'lab', q.lab);
    add('lamppost = @lamppost', 'lamppost', q.lamppost);
    add('kind = @kind', 'kind', q.kind);
    add('observed_at >= @from', 'from', q.from?.toISOString());
    add('observed_at < @to', 'to', q.to?.toISOString());
    const sql = `SELECT * FROM readings WHERE ${where.join(' AND ')} ORDER BY position LIMIT @limit`;
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    const rows = statement.all(params) as Row[];
    return rows.map(toView);
  }
}
