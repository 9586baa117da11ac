import { describe, expect, test } from '@jest/globals';
import {
  decideCreateLab,
  decideDecommission,
  decideProvision,
  decideRevoke,
  decideRotate,
  type Decision,
} from './registry-decisions.js';
import { RegistryState } from './registry-state.js';

const at = '2026-07-01T12:00:00.000Z';

/** Applies decisions as the store would: revision = previous + 1. */
function commit(state: RegistryState, decisions: Decision[]): void {
  for (const d of decisions) {
    const expected = d.expectedRevision;
    const revision = typeof expected === 'number' ? expected + 1 : 0;
    state.apply(d.event, { revision, recordedAt: at });
  }
}

const errorCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { reason?: string }).reason;
  }
  return undefined;
};

describe('registry decisions', () => {
  test('a lab registers its municipality on first use only', () => {
    const state = new RegistryState();
    const first = decideCreateLab(state, 'scheveningen', 'den-haag');
    expect(first.map((d) => [d.streamId, d.event.type, d.expectedRevision])).toEqual([
      ['municipality-den-haag', 'MunicipalityRegistered', 'no_stream'],
      ['lab-scheveningen', 'LabCreated', 'no_stream'],
    ]);
    commit(state, first);
    const second = decideCreateLab(state, 'kijkduin', 'den-haag');
    expect(second.map((d) => d.event.type)).toEqual(['LabCreated']);
    expect(errorCode(() => decideCreateLab(state, 'scheveningen', 'delft'))).toBe('LAB_EXISTS');
  });

  test('ids follow the topic grammar', () => {
    const state = new RegistryState();
    for (const bad of ['', 'Upper', 'a/b', 'a.b', '-lead', 'x'.repeat(65), '+', '#']) {
      expect(errorCode(() => decideCreateLab(state, bad, 'den-haag'))).toBe('INVALID_ID');
      expect(errorCode(() => decideCreateLab(state, 'ok', bad))).toBe('INVALID_ID');
    }
    commit(state, decideCreateLab(state, 'lab_1', 'm-1'));
    expect(errorCode(() => decideProvision(state, 'lab_1', 'LP 1', 'h'))).toBe('INVALID_ID');
  });

  test('the lifecycle of a lamppost: provision, rotate, revoke, rotate back in, decommission', () => {
    const state = new RegistryState();
    commit(state, decideCreateLab(state, 'lab', 'm'));
    expect(errorCode(() => decideProvision(state, 'nolab', 'lp-1', 'h'))).toBe('UNKNOWN_LAB');

    const provisioned = decideProvision(state, 'lab', 'lp-1', 'hash-1');
    expect(provisioned).toMatchObject({
      streamId: 'device-lab.lp-1',
      expectedRevision: 'no_stream',
      event: {
        type: 'DeviceProvisioned',
        data: { username: 'lab.lp-1', topicPrefix: 'labs/lab/lampposts/lp-1/' },
      },
    });
    commit(state, [provisioned]);
    expect(errorCode(() => decideProvision(state, 'lab', 'lp-1', 'h'))).toBe('LAMPPOST_EXISTS');
    expect(errorCode(() => decideRotate(state, 'lab', 'lp-2', 'h'))).toBe('UNKNOWN_LAMPPOST');

    const rotated = decideRotate(state, 'lab', 'lp-1', 'hash-2');
    expect(rotated.expectedRevision).toBe(0);
    commit(state, [rotated]);
    expect(state.device('lab', 'lp-1')).toMatchObject({ passwordHash: 'hash-2', status: 'active' });

    commit(state, [decideRevoke(state, 'lab', 'lp-1')]);
    expect(state.device('lab', 'lp-1')?.status).toBe('revoked');
    expect(errorCode(() => decideRevoke(state, 'lab', 'lp-1'))).toBe('ALREADY_REVOKED');

    commit(state, [decideRotate(state, 'lab', 'lp-1', 'hash-3')]);
    expect(state.device('lab', 'lp-1')).toMatchObject({ status: 'active', revision: 3 });

    commit(state, [decideDecommission(state, 'lab', 'lp-1')]);
    expect(state.device('lab', 'lp-1')?.status).toBe('decommissioned');
    for (const again of [
      () => decideProvision(state, 'lab', 'lp-1', 'h'),
      () => decideRotate(state, 'lab', 'lp-1', 'h'),
      () => decideRevoke(state, 'lab', 'lp-1'),
      () => decideDecommission(state, 'lab', 'lp-1'),
    ]) {
      expect(errorCode(again)).toBe('LAMPPOST_DECOMMISSIONED');
    }
  });
});
