import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { EXPLAINED_CODES, explainCode } from '../src/views/partner/refusal-codes.js';

/** The codes the hub can record: the RejectionCode union, read from its source. */
const hubCodes = (): string[] => {
  const source = readFileSync('libs/contracts/src/rejection.ts', 'utf8');
  const start = source.indexOf('export type RejectionCode');
  const union = source.slice(start, source.indexOf(';', start));
  return [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
};

describe('the partner board explains every refusal code the hub records', () => {
  test('each code of RejectionCode has a sentence, and no code is invented', () => {
    const codes = hubCodes();
    expect(codes).toContain('OUT_OF_RANGE');
    expect(codes).toContain('TOPIC_NOT_ALLOWED');
    expect([...EXPLAINED_CODES].sort()).toEqual([...codes].sort());
  });

  test('in both languages, different from the fallback', () => {
    for (const code of EXPLAINED_CODES) {
      expect(explainCode(code, 'en')).not.toBe(explainCode('NO_SUCH_CODE', 'en'));
      expect(explainCode(code, 'nl')).not.toBe(explainCode('NO_SUCH_CODE', 'nl'));
      expect(explainCode(code, 'nl')).not.toBe(explainCode(code, 'en'));
    }
  });
});
