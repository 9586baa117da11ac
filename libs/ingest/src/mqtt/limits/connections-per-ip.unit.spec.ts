import { describe, expect, test } from '@jest/globals';
import { ConnectionsPerIp, normalizeAddress } from './connections-per-ip.js';

describe('ConnectionsPerIp', () => {
  test('refuses above the limit and admits again after a release', () => {
    const perIp = new ConnectionsPerIp(2);
    const first = perIp.acquire('10.0.0.1');
    const second = perIp.acquire('10.0.0.1');
    expect(first && second).toBeDefined();
    expect(perIp.acquire('10.0.0.1')).toBeUndefined();
    expect(perIp.acquire('10.0.0.2')).toBeDefined();
    first!();
    first!(); // releasing twice counts once
    expect(perIp.count('10.0.0.1')).toBe(1);
    expect(perIp.acquire('10.0.0.1')).toBeDefined();
  });

  test('0 means no limit', () => {
    const perIp = new ConnectionsPerIp(0);
    for (let i = 0; i < 100; i++) expect(perIp.acquire('10.0.0.1')).toBeDefined();
  });

  test('IPv4-mapped IPv6 addresses count as their IPv4 address', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('::1')).toBe('::1');
    expect(normalizeAddress(undefined)).toBe('unknown');
  });
});
