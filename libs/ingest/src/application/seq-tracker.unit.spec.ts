import { describe, expect, test } from '@jest/globals';
import { SeqTracker } from './seq-tracker.js';

describe('SeqTracker', () => {
  const a = SeqTracker.digest(Buffer.from('{"seq":1,"celsius":20}'));
  const b = SeqTracker.digest(Buffer.from('{"seq":1,"celsius":21}'));

  test('a resend of the last stored message is a duplicate, another body a conflict', () => {
    const seqs = new SeqTracker();
    expect(seqs.check('d/temperature', 1, a)).toBe('new');
    seqs.remember('d/temperature', 1, a);
    expect(seqs.check('d/temperature', 1, a)).toBe('duplicate');
    expect(seqs.check('d/temperature', 1, b)).toBe('conflict');
    expect(seqs.check('d/temperature', 0, b)).toBe('older');
    expect(seqs.check('d/temperature', 2, b)).toBe('new');
    expect(seqs.check('d/sound', 1, b)).toBe('new');
  });

  test('nothing is remembered until the caller says the message is durable', () => {
    const seqs = new SeqTracker();
    expect(seqs.check('d/temperature', 7, a)).toBe('new');
    // The append failed: the device's resend must be processed again, not taken as a duplicate.
    expect(seqs.check('d/temperature', 7, a)).toBe('new');
  });
});
