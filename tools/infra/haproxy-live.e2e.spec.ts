import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { graphqlWs } from '../../apps/hub/test/support/clients.js';
import { ConnectRefused, tryConnect } from '../../apps/hub/test/support/mqtt-connect.js';
import { startChildHub, type ChildHub } from '../processes/child-hub.js';
import { startHaproxyListening, type HaproxyProcess } from '../processes/haproxy.js';
import { loopbackHaproxyConfig } from '../processes/haproxy-config.js';
import { freePort, startOnFreePorts } from '../processes/ports.js';
import { HAPROXY } from '../processes/system-programs.js';
import { describeWithPrograms } from '../test/system-packages.js';

const TOKEN = 'haproxy-live-test-admin-token-0123456789';

describeWithPrograms('HAProxy in front of hub nodes', [HAPROXY])(
  'infra/haproxy/haproxy.cfg with live hubs: health checks, MQTT passed through, websockets',
  () => {
    const dirs: string[] = [];
    const hubs: ChildHub[] = [];
    let haproxy: HaproxyProcess;
    let front: { mqtt: number; mqtts: number; http: number };
    const waitForLog = (text: string) => haproxy.waitForLog(text, 60_000);

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
      // Picked just before HAProxy binds them, and again if another process took one meanwhile.
      haproxy = await startOnFreePorts(async (pick) => {
        front = { mqtt: await pick(), mqtts: await pick(), http: await pick() };
        const cfgDir = mkdtempSync(join(tmpdir(), 'haproxy-cfg-'));
        dirs.push(cfgDir);
        const cfgFile = join(cfgDir, 'haproxy.cfg');
        // The deployment's file with loopback addresses; MQTTS passes through to the plain MQTT
        // port, as the test hubs have no certificate. hub3 is a port nothing listens on.
        writeFileSync(
          cfgFile,
          loopbackHaproxyConfig(readFileSync('infra/haproxy/haproxy.cfg', 'utf8'), front, [
            { mqtt: hubs[0].mqttPort, mqtts: hubs[0].mqttPort, http: hubs[0].httpPort },
            { mqtt: hubs[1].mqttPort, mqtts: hubs[1].mqttPort, http: hubs[1].httpPort },
            { ...dead, mqtts: dead.mqtt },
          ]),
        );
        return startHaproxyListening(cfgFile, [front.mqtt, front.mqtts ?? 0, front.http]);
      });
    }, 240_000);

    afterAll(async () => {
      await haproxy?.stop();
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
      expect(haproxy.log()).not.toContain('Server hubs_http/hub2 is DOWN');
    }, 120_000);
  },
);
