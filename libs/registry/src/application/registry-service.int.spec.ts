import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import type { Principal } from '@hub/access';
import { LogFollower, openSqliteEventStore, type EventStore } from '@hub/event-store';
import { REGISTRY_EVENT_TYPES } from '@hub/contracts';
import { DeviceAuthenticator } from './device-authenticator.js';
import { RegistryService } from './registry-service.js';

// Principals as the access context builds them from tokens (role, subject, token id, scope).
const admin = { role: 'admin', subject: 'ops-alice', tokenId: 'admin' } as Principal;
const partnerOf = (lab: string) =>
  ({ role: 'partner', subject: `partner-${lab}`, tokenId: 't-1', lab }) as Principal;
const municipality = {
  role: 'municipality',
  subject: 'den-haag',
  tokenId: 't-2',
  municipality: 'den-haag',
} as Principal;

/** The registry's precise refusal (`reason`: LAB_EXISTS, INVALID_ID, FORBIDDEN, ...). */
const codeOf = async (work: Promise<unknown>): Promise<string | undefined> =>
  work.then(
    () => undefined,
    (error: unknown) => (error as { reason?: string }).reason,
  );

let dir: string;
let store: EventStore;
let follower: LogFollower;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hub-registry-'));
  store = openSqliteEventStore({ file: join(dir, 'events.sqlite') });
  follower = new LogFollower({ store });
  follower.start();
});

afterEach(async () => {
  await follower.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('registry service on the SQLite log', () => {
  test('every change is an event naming its actor; no secret is ever in the log', async () => {
    const registry = await RegistryService.open(store, follower);
    await registry.createLab(admin, 'scheveningen', 'den-haag');
    const issued = await registry.provisionDevice(admin, 'scheveningen', 'lp-001');
    const rotated = await registry.rotateDeviceCredentials(admin, 'scheveningen', 'lp-001');
    await registry.revokeDevice(admin, 'scheveningen', 'lp-001');
    await registry.decommissionLamppost(admin, 'scheveningen', 'lp-001');

    const events = await store.readAll({ eventTypes: REGISTRY_EVENT_TYPES });
    expect(events.map((e) => [e.streamId, e.type])).toEqual([
      ['municipality-den-haag', 'MunicipalityRegistered'],
      ['lab-scheveningen', 'LabCreated'],
      ['device-scheveningen.lp-001', 'DeviceProvisioned'],
      ['device-scheveningen.lp-001', 'DeviceCredentialsRotated'],
      ['device-scheveningen.lp-001', 'DeviceRevoked'],
      ['device-scheveningen.lp-001', 'LamppostDecommissioned'],
    ]);
    for (const event of events) {
      expect(event.metadata).toEqual({ actor: { role: 'admin', subject: 'ops-alice' } });
    }
    const log = JSON.stringify(await store.readAll());
    expect(log).not.toContain(issued.password);
    expect(log).not.toContain(rotated.password);
    expect(issued).toMatchObject({
      username: 'scheveningen.lp-001',
      topicPrefix: 'labs/scheveningen/lampposts/lp-001/',
    });
  });

  test('the state is rebuilt from the log: a reopened registry knows labs, devices and passwords', async () => {
    // A process clock far from the log's: the state must follow the log's times, not this one.
    const first = await RegistryService.open(
      store,
      follower,
      () => new Date('2001-01-01T00:00:00.000Z'),
    );
    await first.createLab(admin, 'scheveningen', 'den-haag');
    await first.createLab(admin, 'delft-centrum', 'delft');
    const lp1 = await first.provisionDevice(admin, 'scheveningen', 'lp-001');
    await first.provisionDevice(admin, 'scheveningen', 'lp-002');
    await first.revokeDevice(admin, 'scheveningen', 'lp-002');

    const again = await RegistryService.open(store, follower);
    expect(again.labs(admin)).toEqual(first.labs(admin));
    expect(again.labs(admin).map((l) => [l.lab, l.municipality, l.devices])).toEqual([
      ['delft-centrum', 'delft', 0],
      ['scheveningen', 'den-haag', 2],
    ]);
    expect(again.devices(admin, 'scheveningen').map((d) => [d.lamppost, d.status])).toEqual([
      ['lp-001', 'active'],
      ['lp-002', 'revoked'],
    ]);
    const access = new DeviceAuthenticator(again);
    await expect(
      access.authenticate(lp1.username, Buffer.from(lp1.password)),
    ).resolves.toMatchObject({ lab: 'scheveningen', lamppost: 'lp-001' });
    // ... and it keeps appending at the right revisions
    await again.rotateDeviceCredentials(admin, 'scheveningen', 'lp-001');
  });

  test('refusals name what is wrong', async () => {
    const registry = await RegistryService.open(store, follower);
    await registry.createLab(admin, 'scheveningen', 'den-haag');
    await registry.provisionDevice(admin, 'scheveningen', 'lp-001');
    expect(await codeOf(registry.createLab(admin, 'scheveningen', 'delft'))).toBe('LAB_EXISTS');
    expect(await codeOf(registry.provisionDevice(admin, 'nowhere', 'lp-001'))).toBe('UNKNOWN_LAB');
    expect(await codeOf(registry.provisionDevice(admin, 'scheveningen', 'lp-001'))).toBe(
      'LAMPPOST_EXISTS',
    );
    expect(await codeOf(registry.revokeDevice(admin, 'scheveningen', 'lp-404'))).toBe(
      'UNKNOWN_LAMPPOST',
    );
    await registry.revokeDevice(admin, 'scheveningen', 'lp-001');
    expect(await codeOf(registry.revokeDevice(admin, 'scheveningen', 'lp-001'))).toBe(
      'ALREADY_REVOKED',
    );
    expect(await codeOf(registry.provisionDevice(admin, 'scheveningen', 'LP/1'))).toBe(
      'INVALID_ID',
    );
    await expect(registry.provisionDevice(admin, 'nowhere', 'lp-001')).rejects.toThrow(
      'lab "nowhere" does not exist',
    );
  });

  test('two provisions of one lamppost at once: one wins, the other is refused', async () => {
    const registry = await RegistryService.open(store, follower);
    await registry.createLab(admin, 'scheveningen', 'den-haag');
    const results = await Promise.allSettled([
      registry.provisionDevice(admin, 'scheveningen', 'lp-001'),
      registry.provisionDevice(admin, 'scheveningen', 'lp-001'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected');
    expect((refused?.reason as { reason?: string }).reason).toBe('LAMPPOST_EXISTS');
    const events = await store.readStream('device-scheveningen.lp-001');
    expect(events).toHaveLength(1);
  });

  test('a municipality another context registered first is reused, not registered twice', async () => {
    await store.appendToStream(
      'municipality-den-haag',
      [{ id: randomUUID(), type: 'MunicipalityRegistered', data: { municipality: 'den-haag' } }],
      { expectedRevision: 'no_stream' },
    );
    const registry = await RegistryService.open(store, follower);
    // appended after the registry loaded: its state does not know it yet
    await store.appendToStream(
      'municipality-delft',
      [{ id: randomUUID(), type: 'MunicipalityRegistered', data: { municipality: 'delft' } }],
      { expectedRevision: 'no_stream' },
    );
    await registry.createLab(admin, 'scheveningen', 'den-haag');
    await registry.createLab(admin, 'delft-centrum', 'delft');
    expect(await store.readStream('municipality-den-haag')).toHaveLength(1);
    expect(await store.readStream('municipality-delft')).toHaveLength(1);
    expect(registry.labs(admin)).toHaveLength(2);
  });

  test('partners manage the devices of their own lab only; only admins create labs', async () => {
    const registry = await RegistryService.open(store, follower);
    await registry.createLab(admin, 'scheveningen', 'den-haag');
    await registry.createLab(admin, 'delft-centrum', 'delft');
    const partner = partnerOf('scheveningen');

    const issued = await registry.provisionDevice(partner, 'scheveningen', 'lp-001');
    expect(issued.username).toBe('scheveningen.lp-001');
    const [provisioned] = await store.readStream('device-scheveningen.lp-001');
    expect(provisioned?.metadata).toEqual({
      actor: { role: 'partner', subject: 'partner-scheveningen' },
    });
    expect(registry.labs(partner).map((l) => l.lab)).toEqual(['scheveningen']);
    expect(registry.devices(partner, 'scheveningen')).toHaveLength(1);

    expect(await codeOf(registry.provisionDevice(partner, 'delft-centrum', 'lp-001'))).toBe(
      'FORBIDDEN',
    );
    expect(() => registry.devices(partner, 'delft-centrum')).toThrow('may not read the devices');
    // The owning municipality reads its lab's devices, changes none; another one reads nothing.
    expect(registry.devices(municipality, 'scheveningen')).toHaveLength(1);
    expect(() => registry.devices(municipality, 'delft-centrum')).toThrow('may not read');
    expect(await codeOf(registry.createLab(partner, 'new-lab', 'den-haag'))).toBe('FORBIDDEN');
    expect(await codeOf(registry.revokeDevice(municipality, 'scheveningen', 'lp-001'))).toBe(
      'FORBIDDEN',
    );
    expect(registry.labs(municipality)).toEqual([]);
  });
});

describe('device authentication', () => {
  test('CONNACK refusals: anonymous 5, unknown or wrong 4, revoked and decommissioned 5', async () => {
    const registry = await RegistryService.open(store, follower);
    const access = new DeviceAuthenticator(registry);
    await registry.createLab(admin, 'scheveningen', 'den-haag');
    const lp1 = await registry.provisionDevice(admin, 'scheveningen', 'lp-001');
    const lp2 = await registry.provisionDevice(admin, 'scheveningen', 'lp-002');
    const pw = (s: string) => Buffer.from(s);

    await expect(access.authenticate(undefined, undefined)).resolves.toBe('NOT_AUTHORIZED');
    await expect(access.authenticate('nobody', pw(lp1.password))).resolves.toBe(
      'BAD_USERNAME_OR_PASSWORD',
    );
    await expect(access.authenticate(lp1.username, pw(lp2.password))).resolves.toBe(
      'BAD_USERNAME_OR_PASSWORD',
    );
    await expect(access.authenticate(lp1.username, undefined)).resolves.toBe(
      'BAD_USERNAME_OR_PASSWORD',
    );
    await expect(access.authenticate(lp1.username, pw(lp1.password))).resolves.toEqual({
      username: 'scheveningen.lp-001',
      lab: 'scheveningen',
      lamppost: 'lp-001',
      topicPrefix: 'labs/scheveningen/lampposts/lp-001/',
    });

    await registry.revokeDevice(admin, 'scheveningen', 'lp-001');
    await expect(access.authenticate(lp1.username, pw(lp1.password))).resolves.toBe(
      'NOT_AUTHORIZED',
    );
    await registry.decommissionLamppost(admin, 'scheveningen', 'lp-002');
    await expect(access.authenticate(lp2.username, pw(lp2.password))).resolves.toBe(
      'NOT_AUTHORIZED',
    );
  });

  test('rotation: the old password is refused (also when cached), the new one accepted; listeners hear of it', async () => {
    const registry = await RegistryService.open(store, follower);
    const access = new DeviceAuthenticator(registry);
    const invalidated: string[] = [];
    access.onRevoked((username) => invalidated.push(username));
    await registry.createLab(admin, 'scheveningen', 'den-haag');
    const old = await registry.provisionDevice(admin, 'scheveningen', 'lp-001');
    await expect(access.authenticate(old.username, Buffer.from(old.password))).resolves.toEqual(
      expect.objectContaining({ lamppost: 'lp-001' }),
    );
    const fresh = await registry.rotateDeviceCredentials(admin, 'scheveningen', 'lp-001');
    expect(fresh.password).not.toBe(old.password);
    await expect(access.authenticate(old.username, Buffer.from(old.password))).resolves.toBe(
      'BAD_USERNAME_OR_PASSWORD',
    );
    await expect(access.authenticate(fresh.username, Buffer.from(fresh.password))).resolves.toEqual(
      expect.objectContaining({ lamppost: 'lp-001' }),
    );
    await registry.revokeDevice(admin, 'scheveningen', 'lp-001');
    await new Promise((resolve) => setImmediate(resolve));
    expect(invalidated).toEqual(['scheveningen.lp-001', 'scheveningen.lp-001']);
  });
});
