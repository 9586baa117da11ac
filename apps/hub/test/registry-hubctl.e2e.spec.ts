import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { connectDevice, graphqlHttp } from './support/clients.js';
import { runHubctl } from './support/hubctl.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

interface Credentials {
  username: string;
  password: string;
  topicPrefix: string;
  lab: string;
  lamppost: string;
}

describe('hubctl lab and device commands against a running hub', () => {
  // Every hubctl call starts a Node process (about a second on a busy 2-core machine).
  jest.setTimeout(120_000);

  let dataDir: string;
  let hub: RunningHub;
  let env: Record<string, string>;

  const hubctl = (...args: string[]) => runHubctl(args, env);
  const json = async <T>(...args: string[]): Promise<T> => {
    const run = await hubctl(...args, '--json');
    if (run.status !== 0) throw new Error(`hubctl ${args.join(' ')}: ${run.stderr}`);
    return JSON.parse(run.stdout) as T;
  };

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    env = { HUB_URL: `http://127.0.0.1:${hub.httpPort}`, HUB_ADMIN_TOKEN: adminToken(dataDir) };
  });
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('lab create, device provision: the credentials connect and publish', async () => {
    const lab = await json<{ lab: string; municipality: string }>(
      'lab',
      'create',
      '--id',
      'scheveningen',
      '--municipality',
      'den-haag',
    );
    expect(lab).toMatchObject({ lab: 'scheveningen', municipality: 'den-haag' });

    const issued = await json<Credentials>(
      'device',
      'provision',
      '--lab',
      'scheveningen',
      '--lamppost',
      'lp-001',
    );
    expect(issued).toEqual({
      username: 'scheveningen.lp-001',
      password: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      topicPrefix: 'labs/scheveningen/lampposts/lp-001/',
      lab: 'scheveningen',
      lamppost: 'lp-001',
      position: null,
    });
    const device = await connectDevice(hub.mqttPort, issued);
    await device.publishAsync(
      `${issued.topicPrefix}temperature`,
      JSON.stringify({ seq: 1, observedAt: new Date().toISOString(), celsius: 18 }),
      { qos: 1 },
    );
    await device.endAsync();

    const devices = await json<Record<string, unknown>[]>(
      'device',
      'list',
      '--lab',
      'scheveningen',
    );
    expect(devices).toEqual([expect.objectContaining({ lamppost: 'lp-001', status: 'active' })]);
    expect(JSON.stringify(devices)).not.toContain(issued.password);
    expect(Object.keys(devices[0] ?? {})).not.toEqual(expect.arrayContaining(['password']));
    const labs = await json<{ lab: string; devices: number }[]>('lab', 'list');
    expect(labs).toEqual([expect.objectContaining({ lab: 'scheveningen', devices: 1 })]);
  });

  test('rotate, revoke and decommission; each refusal says what is wrong', async () => {
    await json('lab', 'create', '--id', 'kijkduin', '--municipality', 'den-haag');
    const first = await json<Credentials>(
      'device',
      'provision',
      '--lab',
      'kijkduin',
      '--lamppost',
      'lp-1',
    );
    const rotated = await json<Credentials>(
      'device',
      'rotate',
      '--lab',
      'kijkduin',
      '--lamppost',
      'lp-1',
    );
    expect(rotated.username).toBe(first.username);
    expect(rotated.password).not.toBe(first.password);
    const revoked = await json<{ status: string }>(
      'device',
      'revoke',
      '--lab',
      'kijkduin',
      '--lamppost',
      'lp-1',
    );
    expect(revoked.status).toBe('revoked');

    const again = await hubctl(
      'device',
      'revoke',
      '--lab',
      'kijkduin',
      '--lamppost',
      'lp-1',
      '--json',
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already revoked');
    expect(again.stdout).toBe('');

    const retired = await json<{ status: string }>(
      'device',
      'decommission',
      '--lab',
      'kijkduin',
      '--lamppost',
      'lp-1',
    );
    expect(retired.status).toBe('decommissioned');
    const unknownLab = await hubctl('device', 'provision', '--lab', 'nowhere', '--lamppost', 'x');
    expect(unknownLab.status).toBe(1);
    expect(unknownLab.stderr).toContain('lab "nowhere" does not exist');

    // The remaining refusals come from the same API: checked over GraphQL, without a CLI start each.
    const PROVISION =
      'mutation ($lab: String!, $lp: String!) { provisionDevice(lab: $lab, lamppost: $lp) { username } }';
    const ROTATE =
      'mutation ($lab: String!, $lp: String!) { rotateDeviceCredentials(lab: $lab, lamppost: $lp) { username } }';
    const CREATE = 'mutation ($lab: String!) { createLab(id: $lab, municipality: "delft") { id } }';
    const refusals: [string, Record<string, string>, string, string][] = [
      [PROVISION, { lab: 'scheveningen', lp: 'lp-001' }, 'LAMPPOST_EXISTS', 'already provisioned'],
      [PROVISION, { lab: 'kijkduin', lp: 'lp-1' }, 'LAMPPOST_DECOMMISSIONED', 'decommissioned'],
      [ROTATE, { lab: 'kijkduin', lp: 'lp-1' }, 'LAMPPOST_DECOMMISSIONED', 'decommissioned'],
      [ROTATE, { lab: 'kijkduin', lp: 'lp-404' }, 'UNKNOWN_LAMPPOST', 'is not provisioned'],
      [PROVISION, { lab: 'kijkduin', lp: 'LP 1' }, 'INVALID_ID', 'is not valid'],
      [CREATE, { lab: 'scheveningen' }, 'LAB_EXISTS', 'already exists'],
    ];
    for (const [query, variables, reason, message] of refusals) {
      const { body } = await graphqlHttp(hub.httpPort, env.HUB_ADMIN_TOKEN, query, variables);
      expect(body.errors?.[0]).toMatchObject({
        message: expect.stringContaining(message),
        extensions: { code: 'BAD_USER_INPUT', reason },
      });
    }
  });

  test('the admin token is found in HUB_DATA_DIR; a wrong token or an absent hub is explained', async () => {
    const fromFile = await runHubctl(['lab', 'list', '--json'], {
      HUB_URL: env.HUB_URL,
      HUB_DATA_DIR: dataDir,
    });
    expect(fromFile.status).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ lab: 'scheveningen' })]),
    );

    const wrong = await runHubctl(['lab', 'list'], {
      HUB_URL: env.HUB_URL,
      HUB_ADMIN_TOKEN: 'not-the-admin-token-at-all',
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('refused the admin token');

    const absent = await runHubctl(['lab', 'list'], {
      HUB_URL: 'http://127.0.0.1:1',
      HUB_ADMIN_TOKEN: env.HUB_ADMIN_TOKEN,
    });
    expect(absent.status).toBe(1);
    expect(absent.stderr).toContain('cannot reach the hub at http://127.0.0.1:1');
  });

  test('the GraphQL API never exposes a password hash and refuses callers without a token', async () => {
    const hash = await graphqlHttp(
      hub.httpPort,
      adminToken(dataDir),
      '{ devices(lab: "scheveningen") { passwordHash } }',
    );
    expect(hash.status).toBe(400);
    expect(hash.body.errors?.[0]?.message).toContain('Cannot query field "passwordHash"');
    const anonymous = await graphqlHttp(
      hub.httpPort,
      undefined,
      'mutation { provisionDevice(lab: "scheveningen", lamppost: "x") { password } }',
    );
    expect(anonymous.status).toBe(401);
  });

  test('a partner token manages the devices of its own lab only', async () => {
    const admin = env.HUB_ADMIN_TOKEN;
    const issued = await graphqlHttp<{ createToken: { token: string } }>(
      hub.httpPort,
      admin,
      'mutation { createToken(input: { role: "partner", lab: "scheveningen", label: "lamppost installer" }) { token } }',
    );
    expect(issued.body.errors).toBeUndefined();
    const partner = issued.body.data?.createToken.token ?? '';
    const provision = (lab: string, lamppost: string) =>
      graphqlHttp<{ provisionDevice: { username: string } }>(
        hub.httpPort,
        partner,
        'mutation ($lab: String!, $lp: String!) { provisionDevice(lab: $lab, lamppost: $lp) { username } }',
        { lab, lp: lamppost },
      );
    const own = await provision('scheveningen', 'lp-partner');
    expect(own.body.data?.provisionDevice.username).toBe('scheveningen.lp-partner');
    const other = await provision('kijkduin', 'lp-partner');
    expect(other.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('may not manage the devices of lab "kijkduin"'),
      extensions: { code: 'FORBIDDEN', reason: 'FORBIDDEN' },
    });
    const labs = await graphqlHttp<{ labs: { id: string }[] }>(
      hub.httpPort,
      partner,
      '{ labs { id } }',
    );
    expect(labs.body.data?.labs).toEqual([{ id: 'scheveningen' }]);
    const createLab = await graphqlHttp(
      hub.httpPort,
      partner,
      'mutation { createLab(id: "mine", municipality: "den-haag") { id } }',
    );
    expect(createLab.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  test('after a restart the registry is rebuilt from the log: credentials still work, revoked stay out', async () => {
    const keep = await json<Credentials>(
      'device',
      'provision',
      '--lab',
      'scheveningen',
      '--lamppost',
      'lp-keep',
    );
    const drop = await json<Credentials>(
      'device',
      'provision',
      '--lab',
      'scheveningen',
      '--lamppost',
      'lp-drop',
    );
    await json('device', 'revoke', '--lab', 'scheveningen', '--lamppost', 'lp-drop');
    await hub.close();
    hub = await startTestHub(dataDir);
    env = { ...env, HUB_URL: `http://127.0.0.1:${hub.httpPort}` };

    const device = await connectDevice(hub.mqttPort, keep);
    await device.endAsync();
    await expect(connectDevice(hub.mqttPort, drop)).rejects.toMatchObject({
      code: 5,
    });
    const devices = await json<{ lamppost: string; status: string }[]>(
      'device',
      'list',
      '--lab',
      'scheveningen',
    );
    expect(devices.map((d) => [d.lamppost, d.status])).toEqual([
      ['lp-001', 'active'],
      ['lp-drop', 'revoked'],
      ['lp-keep', 'active'],
      ['lp-partner', 'active'],
    ]);
  });
});
