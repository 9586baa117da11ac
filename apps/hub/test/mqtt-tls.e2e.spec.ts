import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { IClientOptions } from 'mqtt';
import type { RunningHub } from '../src/hub.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { tryConnect } from './support/mqtt-connect.js';
import { makeClientCertificate, makeTestPki, type TestPki } from './support/test-certificates.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

/**
 * MQTT over TLS with client certificates: a CA and certificates are made with openssl for each
 * run; the client checks the hub's certificate against that CA, the hub checks the device's
 * certificate against it and its CN against the MQTT username.
 */
describe('MQTT over TLS with client certificates', () => {
  let dataDir: string;
  let pkiDir: string;
  let pki: TestPki;
  let hub: RunningHub;
  let device: ProvisionedDevice;
  let other: ProvisionedDevice;

  beforeAll(async () => {
    dataDir = tempDataDir();
    pkiDir = mkdtempSync(join(tmpdir(), 'hub-pki-'));
    pki = makeTestPki(pkiDir);
    hub = await startTestHub(dataDir, {
      HUB_MQTTS_PORT: '0',
      HUB_MQTTS_CERT: pki.serverCert,
      HUB_MQTTS_KEY: pki.serverKey,
      HUB_MQTTS_CA: pki.caCert,
    });
    device = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-tls');
    other = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-tls-other');
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
    removeDir(pkiDir);
  });

  const tlsOptions = (
    clientCert?: { cert: string; key: string },
    ca = pki.caCert,
  ): IClientOptions => ({
    clientId: device.username,
    username: device.username,
    password: device.password,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ca: readFileSync(ca),
    rejectUnauthorized: true,
    ...(clientCert && { cert: readFileSync(clientCert.cert), key: readFileSync(clientCert.key) }),
  });

  const connect = (options: IClientOptions) =>
    tryConnect(`mqtts://127.0.0.1:${hub.mqttsPort}`, options);

  test('the hub binds a TLS port next to the plain one', () => {
    expect(hub.mqttsPort).toBeGreaterThan(0);
    expect(hub.mqttsPort).not.toBe(hub.mqttPort);
  });

  test('a certificate whose CN is the username connects and publishes (PUBACK)', async () => {
    const client = await connect(tlsOptions(makeClientCertificate(pki, 'right', device.username)));
    const stream = client.stream as unknown as { authorized: boolean };
    expect(stream.authorized).toBe(true); // the hub's certificate verified against the test CA
    const observedAt = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    // Resolves once the PUBACK is in (QoS 1).
    await client.publishAsync(
      `${device.topicPrefix}temperature`,
      JSON.stringify({ seq: 1, observedAt, celsius: 18.5 }),
      { qos: 1 },
    );
    await client.endAsync();
  });

  test('a certificate of another device is refused with CONNACK 5 (not authorized)', async () => {
    const cert = makeClientCertificate(pki, 'wrong', other.username);
    await expect(connect(tlsOptions(cert))).rejects.toMatchObject({ code: 5 });
  });

  test('without a client certificate the TLS handshake fails', async () => {
    // A string code (socket or TLS error), not a CONNACK return code: refused before MQTT.
    await expect(connect(tlsOptions())).rejects.toMatchObject({ code: expect.any(String) });
  });

  test('a certificate from another CA is refused at the handshake', async () => {
    const strangerDir = mkdtempSync(join(tmpdir(), 'hub-pki-stranger-'));
    try {
      const stranger = makeTestPki(strangerDir, 'Stranger CA');
      const cert = makeClientCertificate(stranger, 'stranger', device.username);
      await expect(connect(tlsOptions(cert))).rejects.toMatchObject({ code: expect.any(String) });
    } finally {
      removeDir(strangerDir);
    }
  });

  test('a client that trusts another CA refuses the hub (the server certificate is checked)', async () => {
    const strangerDir = mkdtempSync(join(tmpdir(), 'hub-pki-stranger-'));
    try {
      const stranger = makeTestPki(strangerDir, 'Stranger CA');
      const cert = makeClientCertificate(pki, 'right2', device.username);
      await expect(connect(tlsOptions(cert, stranger.caCert))).rejects.toThrow(/certificate/i);
    } finally {
      removeDir(strangerDir);
    }
  });
});
