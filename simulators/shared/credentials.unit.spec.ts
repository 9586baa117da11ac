import { describe, expect, test } from '@jest/globals';
import { parseCredentials } from './credentials.js';
import { parseDuration } from './duration.js';
import { parseKinds, parseRejection } from './topics.js';

describe('credentials', () => {
  test('reads the map form keyed by lamppost id', () => {
    const map = parseCredentials({ 'sch-001': { username: 'u1', password: 'p1' } });
    expect(map.get('sch-001')).toEqual({ username: 'u1', password: 'p1' });
  });

  test('reads a list of provision outputs, taking the id from the topic prefix', () => {
    const map = parseCredentials([
      { username: 'u1', password: 'p1', topicPrefix: 'labs/scheveningen/lampposts/sch-007' },
      {
        username: 'u2',
        password: 'p2',
        lamppost: 'sch-009',
        topicPrefix: 'labs/scheveningen/lampposts/sch-009/',
      },
    ]);
    expect([...map.keys()]).toEqual(['sch-007', 'sch-009']);
    expect(map.get('sch-009')?.topicPrefix).toBe('labs/scheveningen/lampposts/sch-009');
  });

  test('refuses entries without a password or an id', () => {
    expect(() => parseCredentials({ a: { username: 'u' } })).toThrow(/password/);
    expect(() => parseCredentials([{ username: 'u', password: 'p' }])).toThrow(/lamppost id/);
    expect(() => parseCredentials('x')).toThrow();
  });
});

describe('small parsers', () => {
  test('durations with units', () => {
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('10m')).toBe(600);
    expect(parseDuration('24h')).toBe(86_400);
    expect(parseDuration('250ms')).toBeCloseTo(0.25);
    expect(() => parseDuration('soon')).toThrow();
  });

  test('kinds list', () => {
    expect(parseKinds('all')).toHaveLength(6);
    expect(parseKinds('sound, camera')).toEqual(['sound', 'camera']);
    expect(() => parseKinds('weather')).toThrow(/unknown kind/);
  });

  test('rejections are read defensively', () => {
    expect(parseRejection(Buffer.from('{"code":"INVALID_JSON","seq":4}'))).toMatchObject({
      code: 'INVALID_JSON',
      seq: 4,
    });
    expect(parseRejection(Buffer.from('nope')).code).toBe('UNPARSEABLE_REJECTION');
  });
});
