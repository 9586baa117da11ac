import { connect } from 'node:net';
import { describe, expect, test } from '@jest/globals';
import { loadHubConfig } from '@hub/config';
import { DEFAULT_BROKER_OPTIONS } from '../broker-options.js';
import { MqttListenerError } from './listener-error.js';
import { MqttListeners } from './mqtt-listeners.js';

/** The hub's default limits, as the config module sets them. */
const limits = loadHubConfig({}).mqtt.limits;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('MqttListeners', () => {
  test('an unreadable TLS certificate stops listen() with a typed error, before any port opens', async () => {
    const handled: unknown[] = [];
    const listeners = new MqttListeners(
      (conn) => handled.push(conn),
      {
        ...DEFAULT_BROKER_OPTIONS,
        limits,
        host: '127.0.0.1',
        port: 0,
        tls: { port: 0, certFile: '/nonexistent/server.crt', keyFile: '/nonexistent/server.key' },
      },
      quiet,
    );
    const error: unknown = await listeners.listen().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MqttListenerError);
    expect((error as MqttListenerError).code).toBe('TLS_FILE_UNREADABLE');
    expect((error as Error).message).toContain('/nonexistent/server.crt');
    await listeners.close();
  });

  test('a TCP connection is handed on wrapped in the packet guard, and cut on an oversized header', async () => {
    const handled: NodeJS.ReadWriteStream[] = [];
    const listeners = new MqttListeners(
      (conn) => handled.push(conn),
      {
        ...DEFAULT_BROKER_OPTIONS,
        limits,
        host: '127.0.0.1',
        port: 0,
      },
      quiet,
    );
    const { tcpPort, tlsPort, websocketPath } = await listeners.listen();
    expect(tlsPort).toBeUndefined();
    expect(websocketPath).toBeUndefined(); // no HTTP server given
    const socket = connect(tcpPort, '127.0.0.1');
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]));
    await closed;
    expect(handled).toHaveLength(1);
    listeners.dropConnections();
    await listeners.close();
  });
});
