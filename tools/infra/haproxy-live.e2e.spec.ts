import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { freePort } from '../../libs/event-store/test-support/postgres-cluster.js';
import { graphqlWs } from '../../apps/hub/test/support/clients.js';
import { startChildHub, type ChildHub } from '../../apps/hub/test/support/child-hub.js';
import { ConnectRefused, tryConnect } from '../../apps/hub/test/support/mqtt-connect.js';
import { describeWithPrograms, HAPROXY } from '../test/system-packages.js';

const TOKEN = 'haproxy-live-test-admin-token-0123456789';

interface Ports {
  readonly mqtt: number;
  readonly http: number;
}

/**
 * The deployment's HAProxy config with only its addresses changed for one machine: frontends on
 * free loopback ports, hub1 and hub2 the two test hubs, hub3 a port nothing listens on (a dead
 * node). Frontends, backends, checks, balancing and timeouts are the file's own. Docker's DNS
 * resolver section goes (the servers are addresses here); MQTTS passes through to the plain
 * MQTT port, as the test hubs have no certificate. `maxconn` drops to what this machine's file
 * limit allows (HAProxy refuses to start when it cannot raise the limit to match).
 */
function loopbackConfig(front: { mqtt: number; mqtts: number; http: number }, hubs: Ports[]) {
  let cfg = readFileSync('infra/haproxy/haproxy.cfg', 'utf8');
  cfg = cfg.replace(/^resolvers docker\n(?: {2}.*\n)+/m, '').replace(' resolvers docker', '');
  cfg = cfg.replace(/^( {2}maxconn) \d+$/m, '$1 2000');
  cfg = cfg
    .replace('bind :1883', `bind 127.0.0.1:${front.mqtt}`)
    .replace('bind :8883', `bind 127.0.0.1:${front.mqtts}`)
    .replace('bind :3000', `bind 127.0.0.1:${front.http}`);
  return cfg.replace(
    /server (hub\d) hub\d:(\d+) check( port 3000)?/g,
    (_all, name: string, port: string, checkPort?: string) => {
      const hub = hubs[Number(name.slice(3)) - 1];
      const target = port === '3000' ? hub.http : hub.mqtt;
      return `server ${name} 127.0.0.1:${target} check${checkPort ? ` port ${hub.http}` : ''}`;
    },
  );
}

describeWithPrograms('HAProxy in front of hub nodes', [HAPROXY])(
  'infra/haproxy/haproxy.cfg with live hubs: health checks, MQTT passed through, websockets',
  () => {
    const dirs: string[] = [];
    const hubs: ChildHub[] = [];
    let haproxy: ChildProcess | undefined;
    let log = '';
    let front: { mqtt: number; mqtts: number; http: number };

    /** Waits for HAProxy to log a line containing `text` (state changes are logged). */
    const waitForLog = async (text: string, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!log.includes(text)) {
        if (haproxy?.exitCode !== null) {
          throw new Error(
            `HAProxy exited (${haproxy?.exitCode}) before logging "${text}":\n${log}`,
          );
        }
        if (Date.now() > deadline) {
          throw new Error(`HAProxy did not log "${text}" within ${timeoutMs} ms:\n${log}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    /** A hub answers a login through HAProxy: only a hub speaks MQTT (HAProxy passes bytes). */
    let attempt = 0;
    const mqttAnswerThrough = async (port: number) => {
      // A new name each time: the hub's login throttle blocks a name after 5 failures (code 5).
      const username = `nobody-${attempt++}`;
      const refused = await tryConnect(`mqtt://127.0.0.1:${port}`, {
        clientId: username,
        username,
        password: 'wrong',
        connectTimeout: 30_000,
      }).then(
        (client) => {
          client.end(true);
          return undefined;
        },
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ConnectRefused);
      return (refused as ConnectRefused).code;
    };

    const readyThrough = async () => {
      const response = await fetch(`http://127.0.0.1:${front.http}/health/ready`);
      return { status: response.status, body: await response.json() };
    };

    beforeAll(async () => {
      for (let i = 0; i < 2; i++) {
        const dir = mkdtempSync(join(tmpdir(), 'hub-haproxy-'));
        dirs.push(dir);
        hubs.push(await startChildHub({ HUB_DATA_DIR: dir, HUB_ADMIN_TOKEN: TOKEN }));
      }
      const dead = { mqtt: await freePort(), http: await freePort() };
      front = { mqtt: await freePort(), mqtts: await freePort(), http: await freePort() };
      const cfgDir = mkdtempSync(join(tmpdir(), 'haproxy-cfg-'));
      dirs.push(cfgDir);
      const cfgFile = join(cfgDir, 'haproxy.cfg');
      writeFileSync(
        cfgFile,
        loopbackConfig(front, [
          { mqtt: hubs[0].mqttPort, http: hubs[0].httpPort },
          { mqtt: hubs[1].mqttPort, http: hubs[1].httpPort },
          dead,
        ]),
      );
      // -db: foreground, logs on stdout (the config logs to stdout).
      haproxy = spawn(HAPROXY.command, ['-db', '-f', cfgFile], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      haproxy.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      haproxy.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    }, 240_000);

    afterAll(async () => {
      if (haproxy && haproxy.exitCode === null) {
        const gone = new Promise((resolve) => haproxy?.once('exit', resolve));
        haproxy.kill('SIGTERM');
        await gone;
      }
      for (const hub of hubs) await hub.kill('SIGKILL');
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }, 120_000);

    test('the dead node leaves every backend; the live ones answer MQTT, HTTP and graphql-ws', async () => {
      for (const backend of ['hubs_mqtt', 'hubs_mqtts', 'hubs_http']) {
        await waitForLog(`Server ${backend}/hub3 is DOWN`);
      }
      for (let i = 0; i < 6; i++) {
        expect(await readyThrough()).toEqual({ status: 200, body: { status: 'ok' } });
        // 4: bad user name or password (MQTT 3.1.1 CONNACK), sent by a hub.
        expect(await mqttAnswerThrough(front.mqtt)).toBe(4);
      }
      expect(await mqttAnswerThrough(front.mqtts)).toBe(4);
      // A websocket upgrade through HAProxy, then a GraphQL answer over it (graphql-ws).
      const client = graphqlWs(front.http, TOKEN);
      try {
        const answer = await new Promise<unknown>((resolve, reject) => {
          let data: unknown;
          client.subscribe(
            { query: '{ agreements { id } }' },
            { next: (value) => (data = value), error: reject, complete: () => resolve(data) },
          );
        });
        expect(answer).toEqual({ data: { agreements: [] } });
      } finally {
        await client.dispose();
      }
    }, 120_000);

    test('a node stopped with SIGTERM leaves the rotation; the other serves everything', async () => {
      expect(await hubs[0].stop()).toBe(0);
      await waitForLog('Server hubs_http/hub1 is DOWN');
      await waitForLog('Server hubs_mqtt/hub1 is DOWN');
      for (let i = 0; i < 6; i++) {
        expect(await readyThrough()).toEqual({ status: 200, body: { status: 'ok' } });
        expect(await mqttAnswerThrough(front.mqtt)).toBe(4);
      }
      expect(log).not.toContain('Server hubs_http/hub2 is DOWN');
    }, 120_000);
  },
);
