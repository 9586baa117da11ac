import { describe, expect, test } from '@jest/globals';
import { emitted, LP, setup } from '../../test/filter-harness.js';
import { scheveningenRules } from '../../test/fixtures.js';
import { seededRandom } from '../counts/random-source.js';
import { createKeyring } from '../pseudonym/keyring.js';
import { createPrivacyFilter } from './create-privacy-filter.js';
import { ruleProvenance } from '../rules/load-rule-set.js';

describe('privacy filter: allowlist kinds', () => {
  test('temperature passes allowlisted fields at once, generalised and stamped with the rule', () => {
    const { filter, rules } = setup();
    const out = filter.process(LP, 'temperature', {
      seq: 1,
      observedAt: '2026-07-01T12:00:42.123Z',
      celsius: 21.46,
      firmware: 'v2',
    });
    expect(out).toMatchObject({ kind: 'emit', dropped: ['firmware'] });
    expect(emitted(out)).toEqual([
      {
        lab: 'scheveningen',
        location: { lamppost: 'lp-042' },
        kind: 'temperature',
        observedAt: '2026-07-01T12:00:00.000Z',
        intervalSeconds: 60,
        audience: 'any',
        values: { celsius: 21.5 },
        rule: ruleProvenance(rules),
        transforms: ['allowlist', 'round', 'time-bucket:60s', 'location:lamppost'],
      },
    ]);
  });

  test('motion counts below k are suppressed', () => {
    const { filter } = setup();
    const low = emitted(
      filter.process(LP, 'motion', { seq: 1, observedAt: '2026-07-01T12:00:00Z', events: 3 }),
    );
    const high = emitted(
      filter.process(LP, 'motion', { seq: 2, observedAt: '2026-07-01T12:00:00Z', events: 9 }),
    );
    expect(low[0].values.events).toBeNull();
    expect(high[0].values.events).toBe(9);
  });

  test('rejects raw media and clear identifiers in free fields', () => {
    const { filter } = setup();
    const jpegB64 = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.alloc(300, 7),
    ]).toString('base64');
    expect(
      filter.process(LP, 'temperature', {
        seq: 1,
        observedAt: '2026-07-01T12:00:00Z',
        celsius: 20,
        debug: jpegB64,
      }),
    ).toMatchObject({
      kind: 'reject',
      code: 'RAW_MEDIA_FORBIDDEN',
      field: 'debug',
    });
    expect(
      filter.process(LP, 'air', {
        seq: 1,
        observedAt: '2026-07-01T12:00:00Z',
        pm25: 4,
        note: 'near a4:5e:60:c2:19:7f',
      }),
    ).toMatchObject({
      kind: 'reject',
      code: 'IDENTIFIER_IN_CLEAR',
      field: 'note',
    });
    expect(
      filter.process(LP, 'camera', {
        seq: 1,
        observedAt: '2026-07-01T12:00:00Z',
        detections: [{ class: 'car', confidence: 0.9, zone: 'GB-12-34' }],
      }),
    ).toMatchObject({
      kind: 'reject',
      code: 'IDENTIFIER_IN_CLEAR',
      field: 'detections[].zone',
    });
    expect(
      filter.process(LP, 'motion', {
        seq: 1,
        observedAt: '2026-07-01T12:00:00Z',
        events: 1,
        trace: new Array(1000).fill(3),
      }),
    ).toMatchObject({
      kind: 'reject',
      code: 'RAW_MEDIA_FORBIDDEN',
    });
  });

  test('a message stamped too far in the future is refused (it would block its stream)', () => {
    const { filter } = setup();
    expect(
      filter.process(LP, 'temperature', {
        seq: 1,
        observedAt: '2026-07-01T12:04:59Z',
        celsius: 20,
      }),
    ).toMatchObject({
      kind: 'emit',
    });
    expect(
      filter.process(LP, 'temperature', {
        seq: 2,
        observedAt: '2026-07-02T12:00:00Z',
        celsius: 20,
      }),
    ).toMatchObject({
      kind: 'reject',
      code: 'FUTURE_TIMESTAMP',
      field: 'observedAt',
    });
  });

  test('the future bound is the one the caller passes (the hub: HUB_MAX_CLOCK_SKEW_SEC)', () => {
    const tenMinutesAhead = '2026-07-01T12:10:00Z';
    const outcome = (maxFutureSkewMs: number) =>
      createPrivacyFilter({
        ruleSets: [scheveningenRules()],
        keyring: createKeyring(),
        clock: () => Date.parse('2026-07-01T12:00:00Z'),
        maxFutureSkewMs,
        random: seededRandom(1),
      }).process(LP, 'temperature', { seq: 1, observedAt: tenMinutesAhead, celsius: 20 });
    expect(outcome(15 * 60_000)).toMatchObject({ kind: 'emit' });
    expect(outcome(5 * 60_000)).toMatchObject({ kind: 'reject', code: 'FUTURE_TIMESTAMP' });
  });

  test('unknown lab or kind and a bad envelope are rejected, and counted per rule', () => {
    const { filter } = setup();
    expect(filter.process({ lab: 'delft', lamppost: 'x' }, 'temperature', {})).toMatchObject({
      code: 'RULE_MISSING',
    });
    expect(
      filter.process(LP, 'lidar', { seq: 1, observedAt: '2026-07-01T12:00:00Z' }),
    ).toMatchObject({ code: 'RULE_MISSING' });
    expect(
      filter.process(LP, 'temperature', { seq: 1, observedAt: 'yesterday', celsius: 1 }),
    ).toMatchObject({
      code: 'PAYLOAD_INVALID',
      field: 'observedAt',
    });
    expect(filter.stats()['scheveningen-default@1'].messagesRejected).toEqual({
      RULE_MISSING: 1,
      PAYLOAD_INVALID: 1,
    });
  });
});
