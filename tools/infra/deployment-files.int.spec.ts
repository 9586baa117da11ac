import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { HAPROXY } from '../processes/system-programs.js';
import { describeWithPrograms } from '../test/system-packages.js';

const HAPROXY_CFG = 'infra/haproxy/haproxy.cfg';
const COMPOSE = 'infra/postgres/docker-compose.yml';

/** The hub services of the compose file (`hub1:`, `hub2:`, … at service level). */
const hubServices = (compose: string): string[] =>
  [...compose.matchAll(/^ {2}(hub\d+):$/gm)].map((m) => m[1]);

/** Each `backend` (or `frontend`) section of the HAProxy config with its lines. */
function backends(cfg: string, kind = 'backend'): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of cfg.split('\n')) {
    const header = /^(\w+)\s+(\S+)?/.exec(line);
    if (header) {
      current = header[1] === kind && header[2] ? [] : undefined;
      if (current && header[2]) sections.set(header[2], current);
      continue;
    }
    current?.push(line.trim());
  }
  return sections;
}

describeWithPrograms('the HAProxy config check', [HAPROXY])(
  'infra/haproxy/haproxy.cfg, checked by HAProxy itself',
  () => {
    test('haproxy -c accepts the config', () => {
      const check = spawnSync(HAPROXY.command, ['-c', '-f', HAPROXY_CFG], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      // Warnings about node names that resolve only inside Docker are expected; errors are not.
      expect(`${check.stdout}${check.stderr}`).toContain('Configuration file is valid');
      expect(check.stderr).not.toContain('[ALERT]');
      expect(check.status).toBe(0);
    });
  },
);

describe('the multi-node deployment files agree with each other', () => {
  const cfg = readFileSync(HAPROXY_CFG, 'utf8');
  const compose = readFileSync(COMPOSE, 'utf8');
  const hubs = hubServices(compose);
  const sections = backends(cfg);

  test('the compose file runs several hub nodes on PostgreSQL, each with its own id and data dir', () => {
    expect(hubs.length).toBeGreaterThanOrEqual(2);
    expect(compose).toMatch(/HUB_EVENT_STORE: postgres/);
    for (const hub of hubs) {
      expect(compose).toContain(
        `${hub}:\n    <<: *hub\n    environment: { <<: *hub-env, HUB_NODE_ID: ${hub} }\n    volumes: ['${hub}-data:/data']`,
      );
    }
    // Every client reaches the nodes from HAProxy's address: their per-address caps are off,
    // and HAProxy applies them on the real addresses (the next test).
    for (const cap of ['HUB_MQTT_MAX_CONNECTIONS_PER_IP', 'HUB_HTTP_MAX_CONNECTIONS_PER_IP']) {
      expect(compose).toContain(`    ${cap}: '0'\n`);
    }
    // A streaming replica made from the primary with pg_basebackup, standby settings written.
    expect(compose).toMatch(/postgres-replica:/);
    expect(readFileSync('infra/postgres/replica-start.sh', 'utf8')).toMatch(
      /pg_basebackup -h postgres -U replicator[^\n]*\n[^\n]*-R -X stream -S replica1/,
    );
  });

  test('every HAProxy frontend caps the connections of one client address', () => {
    const frontends = backends(cfg, 'frontend');
    expect([...frontends.keys()].sort()).toEqual(['http', 'mqtt', 'mqtts']);
    for (const [name, lines] of frontends) {
      const table = name === 'http' ? 'per_ip_http' : 'per_ip';
      expect([name, lines]).toEqual([
        name,
        expect.arrayContaining([
          `tcp-request connection track-sc0 src table ${table}`,
          expect.stringMatching(/^tcp-request connection reject if \{ sc_conn_cur\(0\) gt \d+ \}$/),
        ]),
      ]);
    }
  });

  test('every hub node is a health-checked server of every HAProxy backend', () => {
    expect([...sections.keys()].sort()).toEqual([
      'hubs_http',
      'hubs_mqtt',
      'hubs_mqtts',
      'per_ip',
      'per_ip_http',
    ]);
    const ports: Record<string, number> = { hubs_mqtt: 1883, hubs_mqtts: 8883, hubs_http: 3000 };
    for (const [backend, port] of Object.entries(ports)) {
      const lines = sections.get(backend) ?? [];
      expect([backend, lines]).toEqual([
        backend,
        expect.arrayContaining([
          'option httpchk',
          'http-check send meth GET uri /health/ready',
          'http-check expect status 200',
        ]),
      ]);
      const servers = lines.filter((l) => l.startsWith('server '));
      expect(servers).toEqual(
        hubs.map((hub) => `server ${hub} ${hub}:${port} check${port === 3000 ? '' : ' port 3000'}`),
      );
    }
  });
});
