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
    ['HUB_EVENT_STORE', 'postgres', 'must be one of the following values: sqlite, eventstoredb'],
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

  test('eventstoredb without a URL is refused', () => {
    expect(() => loadHubConfig({ HUB_EVENT_STORE: 'eventstoredb' })).toThrow(/HUB_EVENTSTORE_URL/);
  });
});
