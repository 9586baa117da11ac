import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type EventStore } from '@hub/event-store';
import type { FilteredReading } from '@hub/privacy';
import { messageFacts, readingEventsByStream } from './facts-to-events.js';
import { SeqGate, type GateDecision } from './seq-gate.js';

const device = { lab: 'scheveningen', lamppost: 'lp-001' };
const msg = (kind: string, seq: number, body: string) => ({
  ...device,
  kind,
  seq,
  body: Buffer.from(body),
});
const pass = (d: GateDecision) => {
  if (d.verdict !== 'new') throw new Error(`expected new, got ${d.verdict}`);
  return d.pass;
};

describe('SeqGate', () => {
  let dir = '';
  let store: EventStore | undefined;
  const open = () => {
    dir = mkdtempSync(join(tmpdir(), 'seq-gate-'));
    store = openSqliteEventStore({ file: join(dir, 'events.sqlite') });
    return store;
  };
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  test('remembered seqs: a resend is a duplicate, another body a conflict, an older windowed seq a duplicate', async () => {
    const gate = new SeqGate(open());
    const first = pass(await gate.enter(msg('temperature', 5, 'a')));
    first.remember();
    first.release();
    expect((await gate.enter(msg('temperature', 5, 'a'))).verdict).toBe('duplicate');
    expect((await gate.enter(msg('temperature', 5, 'b'))).verdict).toBe('conflict');
    pass(await gate.enter(msg('temperature', 4, 'c'))).release(); // older, unwindowed: new
    const sound = pass(await gate.enter(msg('sound', 9, 'd')));
    sound.remember();
    sound.release();
    expect((await gate.enter(msg('sound', 8, 'e'))).verdict).toBe('duplicate');
  });

  test('a message with the same seq in flight decides first; a failed one leaves the seq free', async () => {
    const gate = new SeqGate(open());
    const first = pass(await gate.enter(msg('temperature', 1, 'a')));
    let second: GateDecision | undefined;
    const waiting = gate.enter(msg('temperature', 1, 'a')).then((d) => (second = d));
    await new Promise((resolve) => setImmediate(resolve));
    expect(second).toBeUndefined();
    first.release(); // not remembered: its append failed
    const retry = pass(await waiting);
    retry.remember();
    retry.release();
    expect((await gate.enter(msg('temperature', 1, 'b'))).verdict).toBe('conflict');
  });

  test('against the log: new, a true resend, or a conflicting body', async () => {
    const s = open();
    const gate = new SeqGate(s);
    const fact = (celsius: number): FilteredReading => ({
      lab: 'scheveningen',
      location: { lamppost: 'lp-001' },
      kind: 'temperature',
      observedAt: '2026-07-01T12:00:00.000Z',
      intervalSeconds: 60,
      audience: 'any',
      values: { celsius },
      rule: { id: 'r', version: 1, hash: 'ef'.repeat(32) },
      transforms: [],
    });
    const plan = (celsius: number, receivedAt: string) =>
      messageFacts({
        message: { ...device, kind: 'temperature', seq: 3 },
        facts: [fact(celsius)],
        receivedAt,
      });
    const stored = plan(20, '2026-07-01T12:00:01.000Z');
    expect(await gate.againstLog(stored)).toBe('new');
    for (const [streamId, events] of readingEventsByStream(stored)) {
      await s.appendToStream(streamId, events);
    }
    expect(await gate.againstLog(plan(20, '2026-07-01T12:05:00.000Z'))).toBe('duplicate');
    expect(await gate.againstLog(plan(21, '2026-07-01T12:05:00.000Z'))).toBe('conflict');
  });
});
