import type { Database } from 'better-sqlite3';
import { statement } from './statement-cache.js';

/** The names a stored reading refers to by number (`reading_names.field`). */
export type NameField = 'lab' | 'lamppost' | 'kind' | 'audience';

/** What a reading's provenance is: the same for nearly every reading of a stream. */
export interface Provenance {
  readonly ruleJson: string;
  readonly transformsJson: string;
  readonly intervalSeconds: number;
}

/**
 * The dictionaries of the readings read model (decision 0017): each distinct name once, numbered
 * per field from 1 (the first labs and kinds cost no byte at all in a row: SQLite stores 0 and 1
 * in the record header), and each distinct rule/transforms/interval triple once.
 */
export const DICTIONARIES_SQL = `
  CREATE TABLE IF NOT EXISTS reading_names (
    field TEXT NOT NULL,
    id    INTEGER NOT NULL,
    name  TEXT NOT NULL,
    PRIMARY KEY (field, id),
    UNIQUE (field, name)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS reading_provenance (
    id               INTEGER PRIMARY KEY,
    rule_json        TEXT NOT NULL,
    transforms_json  TEXT NOT NULL,
    interval_seconds INTEGER NOT NULL,
    UNIQUE (rule_json, transforms_json, interval_seconds)
  );
`;

export const DROP_DICTIONARIES_SQL = `
  DROP TABLE IF EXISTS reading_names;
  DROP TABLE IF EXISTS reading_provenance;
`;

/** The writer's numbers of names and triples already in the dictionaries. */
interface Known {
  readonly names: Map<string, number>;
  readonly provenance: Map<string, number>;
  /** The last position stored through this cache. */
  last: number;
}

const known = new WeakMap<Database, Known>();

/**
 * The projection's side of the dictionaries: a name's number, added when new. The numbers it
 * remembers may have been added by a transaction that was then rolled back (the runner rolls a
 * whole batch back when any projection fails, and retries it from the checkpoint). A retry, or
 * a rebuild, stores a position at or before the last one stored: the cache is then emptied and
 * refilled from the table, so a rolled-back number is never written again.
 */
export class DictionaryWriter {
  private readonly known: Known;

  constructor(
    private readonly db: Database,
    position: number,
  ) {
    let k = known.get(db);
    if (!k || position <= k.last) {
      k = { names: new Map(), provenance: new Map(), last: 0 };
      known.set(db, k);
    }
    k.last = position;
    this.known = k;
  }

  /** Forgets what the cache holds (the tables were dropped). */
  static forget(db: Database): void {
    known.delete(db);
  }

  nameId(field: NameField, name: string): number {
    const key = `${field}\0${name}`;
    let id = this.known.names.get(key);
    if (id !== undefined) return id;
    const row = statement(this.db, 'SELECT id FROM reading_names WHERE field = ? AND name = ?').get(
      field,
      name,
    ) as { id: number } | undefined;
    id =
      row?.id ??
      (
        statement(
          this.db,
          `INSERT INTO reading_names (field, id, name)
           VALUES (@field, (SELECT COALESCE(MAX(id), 0) + 1 FROM reading_names WHERE field = @field), @name)
           RETURNING id`,
        ).get({ field, name }) as { id: number }
      ).id;
    this.known.names.set(key, id);
    return id;
  }

  provenanceId(p: Provenance): number {
    const key = `${p.intervalSeconds}\0${p.transformsJson}\0${p.ruleJson}`;
    let id = this.known.provenance.get(key);
    if (id !== undefined) return id;
    const values = [p.ruleJson, p.transformsJson, p.intervalSeconds];
    const row = statement(
      this.db,
      `SELECT id FROM reading_provenance
       WHERE rule_json = ? AND transforms_json = ? AND interval_seconds = ?`,
    ).get(...values) as { id: number } | undefined;
    id =
      row?.id ??
      Number(
        statement(
          this.db,
          'INSERT INTO reading_provenance (rule_json, transforms_json, interval_seconds) VALUES (?, ?, ?)',
        ).run(...values).lastInsertRowid,
      );
    this.known.provenance.set(key, id);
    return id;
  }
}

/**
 * The query side: a name's number as a scalar subquery, evaluated once per statement (a name not
 * in the dictionary gives NULL, which matches nothing). SQLite treats it as a constant, so the
 * walk still fixes the index column with it.
 */
export const nameIdSql = (field: NameField, param: string): string =>
  `(SELECT id FROM reading_names WHERE field = '${field}' AND name = @${param})`;

const LOAD_NAMES = 'SELECT field, id, name FROM reading_names';
const LOAD_PROVENANCE = `SELECT id, rule_json AS ruleJson, transforms_json AS transformsJson,
  interval_seconds AS intervalSeconds FROM reading_provenance`;
/** The statements that read a whole dictionary (a few hundred rows at most), on purpose. */
export const DICTIONARY_LOADS: readonly string[] = [LOAD_NAMES, LOAD_PROVENANCE];

/**
 * The query side's copy of the dictionaries, per connection: numbers back to names for the rows
 * a page returns. A number it does not hold (a name that arrived since) reloads the table, which
 * holds a few hundred rows at most. A rebuild drops and recreates the tables, which changes the
 * schema version: `check()` (once per query) then forgets the copy, as the numbers may differ.
 */
export class DictionaryReader {
  /** Names by field, each indexed by its number. */
  private names = new Map<string, string[]>();
  private provenances: Provenance[] = [];
  private schema: unknown;

  constructor(private readonly db: Database) {}

  check(): void {
    const schema = this.db.pragma('schema_version', { simple: true });
    if (schema === this.schema) return;
    this.schema = schema;
    this.names.clear();
    this.provenances = [];
  }

  name(field: NameField, id: number): string {
    let name = this.names.get(field)?.[id];
    if (name === undefined) {
      this.names.clear();
      for (const row of statement(this.db, LOAD_NAMES).all() as {
        field: NameField;
        id: number;
        name: string;
      }[]) {
        let byId = this.names.get(row.field);
        if (!byId) this.names.set(row.field, (byId = []));
        byId[row.id] = row.name;
      }
      name = this.names.get(field)?.[id];
      if (name === undefined) throw new Error(`readings read model: no ${field} number ${id}`);
    }
    return name;
  }

  provenance(id: number): Provenance {
    let p = this.provenances[id];
    if (p === undefined) {
      for (const row of statement(this.db, LOAD_PROVENANCE).all() as (Provenance & {
        id: number;
      })[])
        this.provenances[row.id] = row;
      p = this.provenances[id];
      if (p === undefined) throw new Error(`readings read model: no provenance number ${id}`);
    }
    return p;
  }
}
