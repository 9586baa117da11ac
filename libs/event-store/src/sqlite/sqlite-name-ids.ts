import type { Database, Statement } from 'better-sqlite3';

/**
 * The integer ids of stream ids (`streams.id`) or event types (`event_types.id`) that the log's
 * rows and indexes hold instead of the strings (schema version 3), kept in memory per
 * connection: an append resolves them from the maps, not from a read.
 *
 * The maps are filled from the table at open. A name missing from them is looked up in the
 * table (another connection to the file may have added it) and only then inserted; an id
 * inserted by the writer is pending until its transaction commits (`committed()`) and
 * forgotten if it rolls back (`rolledBack()`), because SQLite gives the same rowid to the
 * next insert then. Ids of committed rows never change or get reused (neither table loses rows).
 */
export class SqliteNameIds {
  private readonly idByName = new Map<string, number>();
  private readonly nameById = new Map<number, string>();
  private readonly pending = new Map<string, number>();
  private readonly findId: Statement<[string], { id: number }>;
  private readonly findName: Statement<[number], { name: string }>;
  private readonly insertName: Statement<[string]>;

  /** `table` has `id INTEGER PRIMARY KEY` and the unique text column `column`. */
  constructor(db: Database, table: 'streams' | 'event_types', column: 'stream_id' | 'type') {
    this.findId = db.prepare(`SELECT id FROM ${table} WHERE ${column} = ?`);
    this.findName = db.prepare(`SELECT ${column} AS name FROM ${table} WHERE id = ?`);
    // Streams need a revision; -1 is "no event yet" (the writer sets it in the same transaction).
    this.insertName = db.prepare(
      table === 'streams'
        ? 'INSERT INTO streams (stream_id, revision) VALUES (?, -1)'
        : 'INSERT INTO event_types (type) VALUES (?)',
    );
    const all = db.prepare(`SELECT id, ${column} AS name FROM ${table}`).all() as {
      id: number;
      name: string;
    }[];
    for (const row of all) this.remember(row.name, row.id);
  }

  /** The id of `name`, inserting it inside the writer's open transaction when it is new. */
  idOf(name: string): number {
    const known = this.existingId(name);
    if (known !== undefined) return known;
    const id = Number(this.insertName.run(name).lastInsertRowid);
    this.pending.set(name, id);
    return id;
  }

  /** The id of `name`, or undefined when the file has none (reads never insert). */
  existingId(name: string): number | undefined {
    const cached = this.idByName.get(name) ?? this.pending.get(name);
    if (cached !== undefined) return cached;
    // Not pending, so a row found here was committed (by this or another connection).
    const row = this.findId.get(name);
    if (row) this.remember(name, row.id);
    return row?.id;
  }

  /** The name of a stored id (rows another connection wrote are looked up once). */
  nameOf(id: number): string {
    const cached = this.nameById.get(id);
    if (cached !== undefined) return cached;
    const row = this.findName.get(id);
    if (!row) throw new Error(`the log refers to id ${id}, which is not in its table`);
    this.remember(row.name, id);
    return row.name;
  }

  /** The writer's transaction committed: its new ids exist. */
  committed(): void {
    for (const [name, id] of this.pending) this.remember(name, id);
    this.pending.clear();
  }

  /** The writer's transaction rolled back: its new ids do not exist. */
  rolledBack(): void {
    this.pending.clear();
  }

  private remember(name: string, id: number): void {
    this.idByName.set(name, id);
    this.nameById.set(id, name);
  }
}
