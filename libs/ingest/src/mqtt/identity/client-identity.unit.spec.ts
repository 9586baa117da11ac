import { describe, expect, test } from '@jest/globals';
import { boundToDevice, clientIdSyntax } from './client-identity.js';

describe('client id rules', () => {
  test.each([
    ['scheveningen.lp-001', 'OK'],
    ['', 'IDENTIFIER_REJECTED'],
    ['scheveningen.lp-001\u0000', 'MALFORMED'],
    // What Buffer#toString('utf8') makes of a malformed byte (e.g. 0xFF).
    [Buffer.from([0x61, 0xff]).toString('utf8'), 'MALFORMED'],
  ])('%j -> %s', (clientId, verdict) => {
    expect(clientIdSyntax(clientId)).toBe(verdict);
  });

  test('bound only to the exact username', () => {
    expect(boundToDevice('scheveningen.lp-001', 'scheveningen.lp-001')).toBe(true);
    expect(boundToDevice('scheveningen.lp-002', 'scheveningen.lp-001')).toBe(false);
    expect(boundToDevice('scheveningen.lp-001-x', 'scheveningen.lp-001')).toBe(false);
  });
});
