import { describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { OWNER_AUDIENCES, SHARED_AUDIENCES } from '../application/reading-view.js';
import { lamppostPlacesProjection } from './lamppost-places.projection.js';
import { latestReadingsProjection } from './latest-readings.projection.js';
import { LampostsQuery } from './lampposts-query.js';
import { READING_COLUMNS, READING_PLACEHOLDERS } from './reading-row.js';
import { recordPrepared } from './prepared-statements.js';

/** Labs inserted out of order, each with lampposts, kinds and both stored copies. */
const LABS = ['delft', 'scheveningen', 'den-haag', 'zz-last', 'a-first'];
const KINDS = ['motion', 'sound', 'temperature'];

function filledDb(): Database.Database {
  const db = new Database(':memory:');
  latestReadingsProjection.setup(db);
  lamppostPlacesProjection.setup(db);
  const insert = db.prepare(
    `INSERT INTO latest_readings (${READING_COLUMNS}) VALUES (${READING_PLACEHOLDERS})`,
  );
  let position = 0;
  for (const lab of LABS)
    for (let lp = 1; lp <= 40; lp++)
      for (const kind of KINDS)
        for (const audience of ['owner', 'shared']) {
          position += 1;
          const at = new Date(Date.UTC(2026, 11, 2, 10, 0, position % 50)).toISOString();
          insert.run(position, lab, `lp-${lp}`, kind, at, '{}', audience, '{}', '[]', 60);
        }
  const place = db.prepare(
    'INSERT INTO lamppost_places (lab, lamppost, lat, lon) VALUES (?, ?, ?, ?)',
  );
  for (const lab of LABS) for (let lp = 1; lp <= 40; lp++) place.run(lab, `lp-${lp}`, 52, 4);
  return db;
}

/** The statements a LampostsQuery prepares, seen through the database it is given. */
const spied = recordPrepared;

describe('lampposts and labs (LampostsQuery)', () => {
  test('labs with readings: the distinct labs in order, within the scopes', () => {
    const db = filledDb();
    const query = new LampostsQuery(db);
    const plain = [...new Set(LABS)].sort();
    expect(query.labsWithReadings(undefined)).toEqual(plain);
    expect(
      query.labsWithReadings([
        { lab: 'zz-last', audiences: OWNER_AUDIENCES },
        { lab: 'delft', audiences: SHARED_AUDIENCES },
        { lab: 'nowhere', audiences: OWNER_AUDIENCES },
      ]),
    ).toEqual(['delft', 'zz-last']);
    const empty = new Database(':memory:');
    latestReadingsProjection.setup(empty);
    expect(new LampostsQuery(empty).labsWithReadings(undefined)).toEqual([]);
    db.close();
    empty.close();
  });

  test('no statement scans a table: each seeks the lab (labs: one seek per lab)', () => {
    const db = filledDb();
    const { spy, prepared } = spied(db);
    const query = new LampostsQuery(spy);
    query.labsWithReadings(undefined);
    query.latest('delft', undefined, OWNER_AUDIENCES);
    query.places('delft');
    expect(prepared.size).toBe(3);
    for (const sql of prepared) {
      const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x');
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
      expect({ sql, plan }).toEqual({
        sql,
        plan: expect.not.stringMatching(/SCAN (latest_readings|lamppost_places)/),
      });
    }
    db.close();
  });
});
