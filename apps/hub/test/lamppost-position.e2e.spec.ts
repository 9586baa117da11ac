import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { graphqlHttp } from './support/clients.js';
import { runHubctl } from './support/hubctl.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { createToken, gql } from './feeds-fixtures.js';

const LAB = 'scheveningen';
const PROVISION = `mutation ($lamppost: String!, $position: PositionInput) {
  provisionDevice(lab: "${LAB}", lamppost: $lamppost, position: $position) {
    lamppost position { lat lon }
  }
}`;
const SET_POSITION = `mutation ($lamppost: String!, $lat: Float!, $lon: Float!) {
  setLamppostPosition(lab: "${LAB}", lamppost: $lamppost, lat: $lat, lon: $lon) {
    lamppost status position { lat lon }
  }
}`;
const DEVICES = `{ devices(lab: "${LAB}") { lamppost position { lat lon } } }`;
const LAMPPOSTS = `{ lampposts(lab: "${LAB}") { id position { lat lon } latest { kind } } }`;

interface Placed {
  lamppost?: string;
  id?: string;
  position: { lat: number; lon: number } | null;
}

describe('lamppost positions over GraphQL and hubctl, across a restart', () => {
  jest.setTimeout(120_000);
  let dataDir: string;
  let hub: RunningHub;
  let admin: string;
  let owner: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    admin = adminToken(dataDir);
    await gql(hub, admin, `mutation { createLab(id: "${LAB}", municipality: "den-haag") { id } }`);
    owner = (await createToken(hub, admin, { role: 'municipality', municipality: 'den-haag' }))
      .token;
  });
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('given at provisioning or set later; shown on Device and on the feeds Lamppost', async () => {
    const placed = await gql<{ provisionDevice: Placed }>(hub, admin, PROVISION, {
      lamppost: 'lp-001',
      position: { lat: 52.1107, lon: 4.2741 },
    });
    expect(placed.provisionDevice.position).toEqual({ lat: 52.1107, lon: 4.2741 });
    const bare = await gql<{ provisionDevice: Placed }>(hub, admin, PROVISION, {
      lamppost: 'lp-002',
    });
    expect(bare.provisionDevice.position).toBeNull();
    const moved = await gql<{ setLamppostPosition: Placed & { status: string } }>(
      hub,
      admin,
      SET_POSITION,
      { lamppost: 'lp-002', lat: 52.1112, lon: 4.2752 },
    );
    expect(moved.setLamppostPosition).toEqual({
      lamppost: 'lp-002',
      status: 'active',
      position: { lat: 52.1112, lon: 4.2752 },
    });
    const { devices } = await gql<{ devices: Placed[] }>(hub, admin, DEVICES);
    expect(devices).toEqual([
      { lamppost: 'lp-001', position: { lat: 52.1107, lon: 4.2741 } },
      { lamppost: 'lp-002', position: { lat: 52.1112, lon: 4.2752 } },
    ]);
    // The municipality's map: registered lampposts, before any reading arrived.
    const { lampposts } = await gql<{ lampposts: Placed[] }>(hub, owner, LAMPPOSTS);
    expect(lampposts).toEqual([
      { id: 'lp-001', position: { lat: 52.1107, lon: 4.2741 }, latest: [] },
      { id: 'lp-002', position: { lat: 52.1112, lon: 4.2752 }, latest: [] },
    ]);
  });

  test('out-of-range values are refused with a code, reason and field; nothing changes', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ lamppost: 'lp-001', lat: 90.5, lon: 4 }, 'lat'],
      [{ lamppost: 'lp-001', lat: 52, lon: 181 }, 'lon'],
      [{ lamppost: 'lp-001', lat: -91, lon: 4 }, 'lat'],
    ];
    for (const [variables, field] of cases) {
      const { body } = await graphqlHttp(hub.httpPort, admin, SET_POSITION, variables);
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_POSITION',
        field,
      });
      expect(body.errors?.[0]?.message).toMatch(/WGS84/);
    }
    const atProvision = await graphqlHttp(hub.httpPort, admin, PROVISION, {
      lamppost: 'lp-003',
      position: { lat: 200, lon: 4 },
    });
    expect(atProvision.body.errors?.[0]?.extensions).toMatchObject({ reason: 'INVALID_POSITION' });
    const unknown = await graphqlHttp(hub.httpPort, admin, SET_POSITION, {
      lamppost: 'lp-404',
      lat: 52,
      lon: 4,
    });
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ reason: 'UNKNOWN_LAMPPOST' });
    const byMunicipality = await graphqlHttp(hub.httpPort, owner, SET_POSITION, {
      lamppost: 'lp-001',
      lat: 52,
      lon: 4,
    });
    expect(byMunicipality.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });

    const { devices } = await gql<{ devices: Placed[] }>(hub, admin, DEVICES);
    expect(devices.map((d) => d.lamppost)).toEqual(['lp-001', 'lp-002']);
    expect(devices[0]?.position).toEqual({ lat: 52.1107, lon: 4.2741 });
  });

  test('hubctl device provision --lat --lon and device position; a non-number is refused locally', async () => {
    const env = { HUB_URL: `http://127.0.0.1:${hub.httpPort}`, HUB_ADMIN_TOKEN: admin };
    const provision = await runHubctl(
      [
        'device',
        'provision',
        '--lab',
        LAB,
        '--lamppost',
        'lp-010',
        '--lat',
        '52.1089',
        '--lon',
        '4.2702',
        '--json',
      ],
      env,
    );
    expect(provision.status).toBe(0);
    expect(JSON.parse(provision.stdout)).toMatchObject({
      lamppost: 'lp-010',
      position: { lat: 52.1089, lon: 4.2702 },
    });
    const move = await runHubctl(
      [
        'device',
        'position',
        '--lab',
        LAB,
        '--lamppost',
        'lp-010',
        '--lat',
        '52.109',
        '--lon',
        '4.2705',
      ],
      env,
    );
    expect(move.status).toBe(0);
    expect(move.stdout).toContain('lamppost lp-010 in lab scheveningen stands at 52.109, 4.2705');
    const outOfRange = await runHubctl(
      ['device', 'position', '--lab', LAB, '--lamppost', 'lp-010', '--lat', '95', '--lon', '4'],
      env,
    );
    expect(outOfRange.status).toBe(1);
    expect(outOfRange.stderr).toContain('lat 95 is not a WGS84 latitude');
    const notANumber = await runHubctl(
      ['device', 'position', '--lab', LAB, '--lamppost', 'lp-010', '--lat', 'north', '--lon', '4'],
      env,
    );
    expect(notANumber.status).toBe(2);
    expect(notANumber.stderr).toContain('not a number of decimal degrees');
  });

  test('after a restart every position is rebuilt from the log', async () => {
    await hub.close();
    hub = await startTestHub(dataDir);
    const { devices } = await gql<{ devices: Placed[] }>(hub, admin, DEVICES);
    expect(devices).toEqual([
      { lamppost: 'lp-001', position: { lat: 52.1107, lon: 4.2741 } },
      { lamppost: 'lp-002', position: { lat: 52.1112, lon: 4.2752 } },
      { lamppost: 'lp-010', position: { lat: 52.109, lon: 4.2705 } },
    ]);
    const { lampposts } = await gql<{ lampposts: Placed[] }>(hub, owner, LAMPPOSTS);
    expect(lampposts.map((l) => [l.id, l.position])).toEqual([
      ['lp-001', { lat: 52.1107, lon: 4.2741 }],
      ['lp-002', { lat: 52.1112, lon: 4.2752 }],
      ['lp-010', { lat: 52.109, lon: 4.2705 }],
    ]);
  });
});
