import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from '@jest/globals';
import BetterSqlite3 from 'better-sqlite3';
import { onLines, spawnTs } from '../../test-support/ts-child.js';

const CHILD = fileURLToPath(new URL('../../test-support/append-child.ts', import.meta.url));
const ROUNDS = 5;
const dir = mkdtempSync(join(tmpdir(), 'hub-sqlite-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ack {
  ids: string[];
  position: number;
}

/** Runs the appending child until a random moment, then SIGKILLs it; returns what it acknowledged. */
async function runAndKill(file: string, synchronous: string): Promise<Ack[]> {
  const child = spawnTs(CHILD, [file, synchronous]);
  const acks: Ack[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    onLines(child, (line) => {
      if (line === 'ready') resolve();
      else if (line.startsWith('ack ')) {
        const [, ids, position] = line.split(' ');
        acks.push({ ids: ids.split(','), position: Number(position) });
      }
    });
    child.on('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  await ready;
  await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 450));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return acks;
}

describe('SQLite adapter survives SIGKILL during group-committed appends', () => {
  test(`${ROUNDS} kills: every acknowledged append is present exactly once, positions gap-free`, async () => {
    const file = join(dir, 'crash.sqlite');
    const acked: Ack[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const acks = await runAndKill(file, round % 2 === 0 ? 'NORMAL' : 'FULL');
      expect(acks.length).toBeGreaterThan(0); // it really was appending when killed
      acked.push(...acks);
    }

    const db = new BetterSqlite3(file);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db
        .prepare('SELECT position, stream_id, revision, event_id FROM events ORDER BY position')
        .all() as { position: number; stream_id: string; revision: number; event_id: string }[];

      // Positions: 1..n, strictly increasing, no gap.
      rows.forEach((row, i) => expect(row.position).toBe(i + 1));
      // Revisions: 0..k per stream, no gap.
      const nextRevision = new Map<string, number>();
      for (const row of rows) {
        expect(row.revision).toBe(nextRevision.get(row.stream_id) ?? 0);
        nextRevision.set(row.stream_id, row.revision + 1);
      }
      // Every acknowledged event exactly once, where the acknowledgement said.
      const byId = new Map<string, { position: number; count: number }>();
      for (const row of rows) {
        const seen = byId.get(row.event_id);
        byId.set(row.event_id, { position: row.position, count: (seen?.count ?? 0) + 1 });
      }
      for (const ack of acked) {
        for (const id of ack.ids) expect(byId.get(id)?.count).toBe(1);
        expect(byId.get(ack.ids[ack.ids.length - 1])?.position).toBe(ack.position);
      }
      expect(rows.length).toBeGreaterThanOrEqual(acked.reduce((n, a) => n + a.ids.length, 0));
    } finally {
      db.close();
    }
  }, 120_000);
});
