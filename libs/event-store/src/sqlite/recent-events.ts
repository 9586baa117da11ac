import type { RecordedEvent } from '../port/event.js';
import { NO_METADATA } from './sqlite-rows.js';

/** An event the writer just committed, as it wrote it: the JSON text, parsed when first read. */
export interface CommittedRow {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  /** Cleared once `event` is built (which keeps the text until its data is first read). */
  data: string | undefined;
  readonly metadata: string | null;
  readonly recordedAt: number;
  event?: RecordedEvent;
}

/**
 * The newest committed events of the log, kept by the writer so that followers of the head get
 * them from memory instead of SQL + JSON.parse (decision 0009). It holds EVERY event with
 * position in (`from`, `to`] (`to` is the head this connection committed), at most `capacity` of
 * them, and answers only a range inside that one; an older cursor, or a range past `to`, reads
 * the file.
 *
 * No aliasing: an event is built from the JSON text the writer stored, never from the caller's
 * `data` object (which the caller may reuse after the append); that one frozen event is shared by
 * every reader, as it would be equal read from disk. Its `data` is parsed once, when a reader
 * first reads it: the live tail keeps every reading, but only a live subscriber looks inside.
 */
export class RecentEvents {
  private rows: (CommittedRow | undefined)[] = [];
  /** Index of the oldest live row. */
  private oldest = 0;
  private fromPosition: number;
  private toPosition: number;

  constructor(
    private readonly capacity: number,
    head: number,
  ) {
    this.fromPosition = this.toPosition = head;
  }

  get from(): number {
    return this.fromPosition;
  }

  get to(): number {
    return this.toPosition;
  }

  /** Forgets everything (retention removed rows): the window restarts empty at `head`. */
  reset(head: number): void {
    this.rows = [];
    this.oldest = 0;
    this.fromPosition = this.toPosition = head;
  }

  /** Adds the rows of one commit, in position order, every one above `to`. */
  add(rows: readonly CommittedRow[]): void {
    if (this.capacity <= 0) {
      if (rows.length > 0) this.reset(rows[rows.length - 1].position);
      return;
    }
    for (const row of rows) {
      if (row.position <= this.toPosition) {
        throw new Error(`recent events out of order: ${row.position} after ${this.toPosition}`);
      }
      this.rows.push(row);
      this.toPosition = row.position;
    }
    const excess = this.rows.length - this.oldest - this.capacity;
    if (excess > 0) {
      this.fromPosition = this.rows[this.oldest + excess - 1]!.position;
      for (let i = this.oldest; i < this.oldest + excess; i++) this.rows[i] = undefined;
      this.oldest += excess;
      if (this.oldest > this.capacity) {
        this.rows = this.rows.slice(this.oldest);
        this.oldest = 0;
      }
    }
  }

  /**
   * Events with position in (`after`, `through`], oldest first, of `types` if given, at most
   * `max`; undefined unless the window holds that whole range (`from` <= `after` and `through`
   * <= `to`), and then the caller reads the file. A reader passes as `through` the head it will
   * move its cursor to when the answer is short: a head the window does not reach (one another
   * thread's connection committed and announced, decision 0010) is never answered with an empty
   * or short page that would let the reader skip the events in between.
   */
  read(
    after: number,
    through: number,
    max: number,
    types?: ReadonlySet<string>,
  ): RecordedEvent[] | undefined {
    if (after < this.fromPosition || through > this.toPosition) return undefined;
    const out: RecordedEvent[] = [];
    for (let i = this.firstAfter(after); i < this.rows.length && out.length < max; i++) {
      const row = this.rows[i]!;
      if (row.position > through) break;
      if (types === undefined || types.has(row.type)) out.push(eventOf(row));
    }
    return out;
  }

  private firstAfter(cursor: number): number {
    let lo = this.oldest;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rows[mid]!.position <= cursor) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function eventOf(row: CommittedRow): RecordedEvent {
  if (row.event) return row.event;
  let text: string | undefined = row.data;
  let data: unknown;
  row.event = Object.freeze({
    position: row.position,
    streamId: row.streamId,
    revision: row.revision,
    id: row.id,
    type: row.type,
    get data(): unknown {
      if (text !== undefined) {
        data = JSON.parse(text) as unknown;
        text = undefined;
      }
      return data;
    },
    metadata:
      row.metadata === null ? NO_METADATA : (JSON.parse(row.metadata) as Record<string, unknown>),
    recordedAt: new Date(row.recordedAt).toISOString(),
  });
  row.data = undefined;
  return row.event;
}
