import { describe, expect, it } from '@jest/globals';
import { validateReading } from '../application/validate-reading.js';
import { storedReason } from './stored-reason.js';

describe('storedReason', () => {
  it('keeps no part of an invalid JSON payload, only where it broke', () => {
    const outcome = validateReading('temperature', Buffer.from('{"mac":aa:bb:cc:dd:ee:ff}'), 1024);
    if (outcome.ok) throw new Error('expected a refusal');
    expect(outcome.rejection.message).toContain('aa:bb'); // what the device itself is told
    const reason = storedReason(outcome.rejection);
    expect(reason).toMatch(/^payload is not valid JSON/);
    expect(reason).not.toContain('aa:bb');
  });

  it("keeps the hub's own message for other codes, bounded", () => {
    expect(
      storedReason({ code: 'OUT_OF_RANGE', message: 'celsius must not be greater than 70' }),
    ).toBe('celsius must not be greater than 70');
    expect(storedReason({ code: 'SCHEMA_VIOLATION', message: 'x'.repeat(1000) })).toHaveLength(303);
  });
});
