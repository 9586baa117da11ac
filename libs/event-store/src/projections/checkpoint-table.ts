import type { Database, Statement } from 'better-sqlite3';

export interface CheckpointRow {
  readonly name: string;
  readonly version: number;
  readonly position: number;
}

/** Checkpoints live in the read-model database, so they commit with the read model. */
export class CheckpointTable {
  private readonly getStatement: Statement<[string], CheckpointRow>;
  private readonly saveStatement: Statement<[string, number, number]>;

  constructor(db: Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name     TEXT PRIMARY KEY,
      version  INTEGER NOT NULL,
      position INTEGER NOT NULL
    ) WITHOUT ROWID`);
    this.getStatement = db.prepare(
      'SELECT name, version, position FROM projection_checkpoints WHERE name = ?',
    );
    this.saveStatement = db.prepare(
      `INSERT INTO projection_checkpoints (name, version, position) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position`,
    );
  }

  get(name: string): CheckpointRow | undefined {
    return this.getStatement.get(name);
  }

  save(name: string, version: number, position: number): void {
    this.saveStatement.run(name, version, position);
  }
}
