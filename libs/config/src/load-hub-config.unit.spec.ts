import { describe, expect, test } from '@jest/globals';
import { ConfigError } from './config-error.js';
import { loadHubConfig } from './load-hub-config.js';

describe('loadHubConfig', () => {
  test('applies the documented defaults to an empty environment', () => {
    const config = loadHubConfig({});
    expect(config.mqtt.port).toBe(1883);
    expect(config.http.port).toBe(3000);
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.eventStore.kind).toBe('sqlite');
    expect(config.eventStore.sqlite.file.endsWith('/data/events.sqlite')).toBe(true);
  });

  test('port 0 is accepted (pick a free port)', () => {
    expect(loadHubConfig({ HUB_MQTT_PORT: '0', HUB_HTTP_PORT: '0' }).mqtt.port).toBe(0);
  });

  test.each([
    ['HUB_MQTT_PORT', '70000', 'must not be greater than 65535'],
    ['HUB_HTTP_PORT', 'abc', 'must be an integer number'],
    [
      'HUB_EVENT_STORE',
      'mysql',
      'must be one of the following values: sqlite, eventstoredb, postgres',
    ],
    ['HUB_STORE_SYNCHRONOUS', 'OFF', 'must be one of the following values: NORMAL, FULL'],
  ])('%s=%s is refused naming the variable and what is allowed', (variable, value, allowed) => {
    let error: unknown;
    try {
      loadHubConfig({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain(`${variable}="${value}"`);
    expect(message).toContain(allowed);
  });

  test('HUB_ROLES: every role by default, a comma list picks some, an unknown role is refused', () => {
    expect(loadHubConfig({}).roles).toEqual({ ingest: true, api: true, timers: true });
    expect(loadHubConfig({ HUB_ROLES: 'ingest,timers' }).roles).toEqual({
      ingest: true,
      api: false,
      timers: true,
    });
    expect(loadHubConfig({ HUB_ROLES: 'api' }).roles).toEqual({
      ingest: false,
      api: true,
      timers: false,
    });
    for (const bad of ['web', 'api,', 'API', 'ingest api']) {
      expect(() => loadHubConfig({ HUB_ROLES: bad })).toThrow(
        /HUB_ROLES=.*must be a comma list of ingest, api, timers/,
      );
    }
  });

  test('eventstoredb without a URL is refused', () => {
    expect(() => loadHubConfig({ HUB_EVENT_STORE: 'eventstoredb' })).toThrow(/HUB_EVENTSTORE_URL/);
  });

  test('postgres without a URL is refused; with one, the URL reaches the store config', () => {
    expect(() => loadHubConfig({ HUB_EVENT_STORE: 'postgres' })).toThrow(/HUB_POSTGRES_URL/);
    const config = loadHubConfig({
      HUB_EVENT_STORE: 'postgres',
      HUB_POSTGRES_URL: 'postgres://hub@127.0.0.1:5432/hub',
    });
    expect(config.eventStore).toMatchObject({
      kind: 'postgres',
      postgresUrl: 'postgres://hub@127.0.0.1:5432/hub',
    });
  });

  test('TLS is off by default; MQTT limits have their documented defaults', () => {
    const { mqtt } = loadHubConfig({});
    expect(mqtt.tls).toBeUndefined();
    expect(mqtt.limits).toEqual({
      maxPacketBytes: 1048576,
      connectTimeoutMs: 10000,
      keepaliveMaxSeconds: 900,
      maxConnectionsPerIp: 1000,
      maxConnections: 20000,
      maxPendingConnections: 2000,
      maxPendingPerIp: 64,
      maxFiltersPerSubscribe: 16,
      maxSubscriptionsPerConnection: 32,
      login: { freeFailures: 5, blockMs: 10000, blockMaxMs: 900000 },
      messagesPerSecond: 100,
      messageBurst: 1000,
      drainTimeoutMs: 5000,
      concurrency: 100,
    });
  });

  test('HUB_MQTTS_PORT needs a certificate and a key', () => {
    let error: unknown;
    try {
      loadHubConfig({ HUB_MQTTS_PORT: '8883' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('HUB_MQTTS_CERT');
    expect((error as ConfigError).message).toContain('HUB_MQTTS_KEY');
  });

  test('TLS paths are made absolute; the CA is optional', () => {
    const { mqtt } = loadHubConfig({
      HUB_MQTTS_PORT: '8883',
      HUB_MQTTS_CERT: 'tls/server.crt',
      HUB_MQTTS_KEY: '/etc/hub/server.key',
      HUB_MQTT_MESSAGES_PER_SEC: '0.5',
    });
    expect(mqtt.tls).toEqual({
      port: 8883,
      certFile: `${process.cwd()}/tls/server.crt`,
      keyFile: '/etc/hub/server.key',
      caFile: undefined,
    });
    expect(mqtt.limits.messagesPerSecond).toBe(0.5);
  });
});
