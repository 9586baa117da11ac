import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  READING_RECORDED,
  RULE_SET_BOOTSTRAPPED,
  RULE_SET_PROPOSED,
  RuleVersionBook,
  encodeReading,
  readingStreamId,
  type ReadingRecorded,
} from '@hub/contracts';
import { openSqliteEventStore, ProjectionRunner } from '@hub/event-store';
import {
  DEFAULT_RULE_SET_FILE,
  loadRuleSet,
  resolveRuleVersion,
  ruleProvenance,
} from '@hub/privacy';
import { writeVersion1Log } from '../../../event-store/src/sqlite/version-1-log.js';
import { FEED_PROJECTIONS } from './feed-projections.js';
import { openReadModelDb } from './read-model-db.js';
import { toReadingView } from './reading-row.js';
import { allReadings } from './readings-table.js';

const dir = mkdtempSync(join(tmpdir(), 'hub-compact-readings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const v1 = loadRuleSet(readFileSync(DEFAULT_RULE_SET_FILE, 'utf8'));
const v2 = {
  ...v1,
  version: 2,
  kinds: { ...v1.kinds, temperature: { ...v1.kinds.temperature!, timeBucketSeconds: 300 } },
};
const stamp1 = ruleProvenance(v1);
const stamp2 = ruleProvenance(v2);
const stampData = (rs: typeof v1) => ({
  lab: rs.lab,
  version: rs.version,
  ruleSetId: rs.id,
  hash: ruleProvenance(rs).hash,
  content: rs,
});

const reading = (seq: number, rule = stamp1, bucket = 60): ReadingRecorded => ({
  lab: v1.lab,
  lamppost: 'lp-7',
  location: { lamppost: 'lp-7' },
  kind: 'temperature',
  seq,
  observedAt: `2026-12-02T10:0${seq}:00.000Z`,
  intervalSeconds: bucket,
  audience: 'any',
  values: { celsius: 20 + seq },
  rule,
  transforms: ['allowlist', 'round', `time-bucket:${bucket}s`, 'location:lamppost'],
  receivedAt: '2026-12-02T10:09:00.000Z',
});

describe('the read models over a log of full (v1) and compact (v2) readings', () => {
  test('a version 1 log with full readings, then compact ones under a later rule version, project to the same views', async () => {
    const files = { events: join(dir, 'events.sqlite'), readModels: join(dir, 'rm.sqlite') };
    // As a hub before the compact form left it: log schema 1, the rule stamp, full readings.
    writeVersion1Log(files.events, [
      { streamId: `privacy-rules-${v1.lab}`, type: RULE_SET_BOOTSTRAPPED, data: stampData(v1) },
      ...[1, 2].map((seq) => ({
        streamId: readingStreamId(reading(seq)),
        type: READING_RECORDED,
        data: reading(seq),
      })),
    ]);
    const store = openSqliteEventStore({ file: files.events });
    const db = openReadModelDb(files.readModels);
    try {
      // Today's hub appends a new version's stamp, then compact readings under both versions.
      await store.appendToStream(`privacy-rules-${v1.lab}`, [
        { id: randomUUID(), type: RULE_SET_PROPOSED, data: stampData(v2) },
      ]);
      const book = new RuleVersionBook();
      book.record(v1.lab, resolveRuleVersion(v1, stamp1.hash));
      book.record(v1.lab, resolveRuleVersion(v2, stamp2.hash));
      const fresh = [reading(3), reading(4, stamp2, 300)];
      for (const r of fresh) {
        const data = encodeReading(r, book);
        expect(Array.isArray(data) && data[0]).toBe(4);
        await store.appendToStream(readingStreamId(r), [
          { id: randomUUID(), type: READING_RECORDED, data },
        ]);
      }

      const runner = new ProjectionRunner({ store, db, projections: FEED_PROJECTIONS });
      await runner.catchUp();
      const views = allReadings(db).map(toReadingView);
      const expected = [reading(1), reading(2), ...fresh].map((r) => ({
        lab: r.lab,
        lamppost: r.lamppost,
        kind: r.kind,
        observedAt: r.observedAt,
        values: r.values,
        audience: r.audience,
        rule: r.rule,
        transforms: r.transforms,
        intervalSeconds: r.intervalSeconds,
      }));
      expect(views.map(({ position: _, ...view }) => view)).toEqual(expected);

      // A rebuild from zero (the rule versions table is kept and refilled) reads the same again.
      await runner.rebuild();
      const again = allReadings(db).map(toReadingView);
      expect(again).toEqual(views);
    } finally {
      await store.close();
      db.close();
    }
  });
});
