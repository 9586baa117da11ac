import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import type { Principal } from '@hub/access';
import { LogFollower, openSqliteEventStore, type EventStore } from '@hub/event-store';
import { REGISTRY_EVENT_TYPES } from '@hub/contracts';
import { RegistryService } from './registry-service.js';

const admin = { role: 'admin', subject: 'ops-alice', tokenId: 'admin' } as Principal;
const partnerOf = (lab: string) =>
  ({ role: 'partner', subject: `partner-${lab}`, tokenId: 't-1', lab }) as Principal;

const refusal = async (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (error: unknown) => {
      const e = error as { code?: string; reason?: string; field?: string; message: string };
      return { code: e.code, reason: e.reason, field: e.field, message: e.message };
    },
  );

let dir: string;
let store: EventStore;
let follower: LogFollower;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hub-registry-position-'));
  store = openSqliteEventStore({ file: join(dir, 'events.sqlite') });
  follower = new LogFollower({ store });
  follower.start();
});

afterEach(async () => {
  await follower.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('lamppost positions in the registry', () => {
  test('given at provisioning and moved later: each is an event in the log, naming its actor', async () => {
    const registry = await RegistryService.open(store, follower);
    await registry.createLab(admin, 'scheveningen', 'den-haag');
    const issued = await registry.provisionDevice(admin, 'scheveningen', 'lp-001', {
      lat: 52.1105,
      lon: 4.2735,
    });
    expect(issued.position).toEqual({ lat: 52.1105, lon: 4.2735 });
    const moved = await registry.setLamppostPosition(
      partnerOf('scheveningen'),
      'scheveningen',
      'lp-001',
      { lat: 52.111, lon: 4.274 },
    );
    expect(moved.position).toEqual({ lat: 52.111, lon: 4.274 });

    const events = await store.readStream('device-scheveningen.lp-001');
    expect(events.map((e) => e.type)).toEqual(['DeviceProvisioned', 'LamppostPositionSet']);
    expect(events[0]?.data).toMatchObject({ position: { lat: 52.1105, lon: 4.2735 } });
    expect(events[1]?.data).toEqual({
      lab: 'scheveningen',
      lamppost: 'lp-001',
      position: { lat: 52.111, lon: 4.274 },
    });
    expect(events[1]?.metadata).toEqual({
      actor: { role: 'partner', subject: 'partner-scheveningen' },
    });
    expect(REGISTRY_EVENT_TYPES).toContain('LamppostPositionSet');
  });

  test('a lamppost provisioned without a position has none until one is set', async () => {
    const registry = await RegistryService.open(store, follower);
    await registry.createLab(admin, 'scheveningen', 'den-haag');
    const issued = await registry.provisionDevice(admin, 'scheveningen', 'lp-002');
    expect(issued.position).toBeNull();
    expect(registry.devices(admin, 'scheveningen')[0]?.position).toBeNull();
    await registry.setLamppostPosition(admin, 'scheveningen', 'lp-002', { lat: -33.9, lon: 151.2 });
    expect(registry.devices(admin, 'scheveningen')[0]?.position).toEqual({
      lat: -33.9,
      lon: 151.2,
    });
  });

  test('positions survive a restart and a rotation of the credentials', async () => {
    const first = await RegistryService.open(store, follower);
    await first.createLab(admin, 'scheveningen', 'den-haag');
    await first.provisionDevice(admin, 'scheveningen', 'lp-001', { lat: 52.1, lon: 4.27 });
    await first.provisionDevice(admin, 'scheveningen', 'lp-002');
    await first.setLamppostPosition(admin, 'scheveningen', 'lp-002', { lat: 52.12, lon: 4.28 });
    await first.rotateDeviceCredentials(admin, 'scheveningen', 'lp-001');

    const again = await RegistryService.open(store, follower);
    expect(
      again.devices(admin, 'scheveningen').map((d) => [d.lamppost, d.position, d.status]),
    ).toEqual([
      ['lp-001', { lat: 52.1, lon: 4.27 }, 'active'],
      ['lp-002', { lat: 52.12, lon: 4.28 }, 'active'],
    ]);
  });

  test('bad values are refused with a code and the field, and nothing is written', async () => {
    const registry = await RegistryService.open(store, follower);
    await registry.createLab(admin, 'scheveningen', 'den-haag');
    await registry.provisionDevice(admin, 'scheveningen', 'lp-001', { lat: 52.1, lon: 4.27 });
    const before = (await store.readAll()).length;

    expect(
      await refusal(registry.provisionDevice(admin, 'scheveningen', 'lp-002', { lat: 91, lon: 4 })),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_POSITION', field: 'lat' });
    expect(
      await refusal(
        registry.setLamppostPosition(admin, 'scheveningen', 'lp-001', { lat: 52, lon: -180.5 }),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_POSITION', field: 'lon' });
    await expect(
      registry.setLamppostPosition(admin, 'scheveningen', 'lp-001', { lat: 52, lon: -180.5 }),
    ).rejects.toThrow('use decimal degrees from -180 to 180');
    expect(
      await refusal(
        registry.setLamppostPosition(admin, 'scheveningen', 'lp-001', { lat: NaN, lon: 4 }),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_POSITION', field: 'lat' });
    expect(
      await refusal(
        registry.setLamppostPosition(admin, 'scheveningen', 'lp-404', { lat: 52, lon: 4 }),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_LAMPPOST' });
    expect(
      await refusal(
        registry.setLamppostPosition(partnerOf('delft'), 'scheveningen', 'lp-001', {
          lat: 52,
          lon: 4,
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    await registry.decommissionLamppost(admin, 'scheveningen', 'lp-001');
    expect(
      await refusal(
        registry.setLamppostPosition(admin, 'scheveningen', 'lp-001', { lat: 52, lon: 4 }),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'LAMPPOST_DECOMMISSIONED' });

    // Only the decommission was written; lp-002 was never provisioned.
    expect((await store.readAll()).length).toBe(before + 1);
    expect(registry.devices(admin, 'scheveningen').map((d) => d.lamppost)).toEqual(['lp-001']);
    expect(registry.devices(admin, 'scheveningen')[0]?.position).toEqual({ lat: 52.1, lon: 4.27 });
  });
});
