import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PortTakenError,
  processListensOn,
  saysPortTaken,
  startOnFreePorts,
} from '../../../tools/processes/ports.js';
import { Aedes } from 'aedes';
import { SENSOR_KINDS } from '@hub/contracts';

/** Test brokers on loopback, each on a free port. */
export interface TestBroker {
  url: string;
  close(): Promise<void>;
}

function reject(broker: Aedes, topic: string, code: string, seq?: number): void {
  const payload = JSON.stringify({ code, message: code, field: 'payload', seq });
  broker.publish(
    { cmd: 'publish', topic: `${topic}/rejected`, payload, qos: 1, retain: false, dup: false },
    () => undefined,
  );
}

/**
 * aedes with a toy validation in authorizePublish that answers on the rejected topics like the
 * hub does (a few codes only), so the simulator's rejection accounting can be checked end to end.
 */
export async function startFakeHub(): Promise<TestBroker & { received: () => number }> {
  const broker = await Aedes.createBroker();
  let received = 0;
  broker.authorizePublish = (client, packet, callback) => {
    if (!client) return callback(null);
    received++;
    const parts = packet.topic.split('/');
    const kind = parts[4] ?? '';
    // Same order as the hub: kind from the topic first, then JSON, then the body's schema.
    if (!(SENSOR_KINDS as readonly string[]).includes(kind)) {
      reject(broker, packet.topic, 'UNKNOWN_KIND');
      return callback(null);
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(packet.payload.toString()) as Record<string, unknown>;
    } catch {
      reject(broker, packet.topic, 'INVALID_JSON');
      return callback(null);
    }
    const seq = typeof body.seq === 'number' ? body.seq : undefined;
    if (kind === 'temperature' && typeof body.celsius !== 'number') {
      reject(broker, packet.topic, 'SCHEMA_VIOLATION', seq);
    } else if (kind === 'temperature' && Math.abs(body.celsius as number) > 70) {
      reject(broker, packet.topic, 'OUT_OF_RANGE', seq);
    }
    callback(null);
  };
  const server: Server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    received: () => received,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Plain aedes, no hooks: the embedded broker the hub builds on. */
export async function startAedes(): Promise<TestBroker> {
  const broker = await Aedes.createBroker();
  const server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function hasMosquitto(): boolean {
  return spawnSync('mosquitto', ['-h'], { stdio: 'ignore' }).error === undefined;
}

/** Debian's mosquitto on a free loopback port, anonymous access; null if not installed. */
export async function startMosquitto(): Promise<TestBroker | null> {
  if (!hasMosquitto()) return null;
  // The port is picked just before mosquitto binds it, and again if another process took it.
  return startOnFreePorts(async (pick) => {
    const port = await pick();
    const dir = mkdtempSync(join(tmpdir(), 'mosq-'));
    const conf = join(dir, 'mosquitto.conf');
    writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
    const child: ChildProcess = spawn('mosquitto', ['-c', conf], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let gone = false;
    void exited.then(() => (gone = true));
    // Ready once this mosquitto (not another program on the port) listens.
    for (let i = 0; i < 100 && !gone && !processListensOn(child.pid ?? -1, port); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    if (gone) {
      rmSync(dir, { recursive: true, force: true });
      if (saysPortTaken(output)) throw new PortTakenError(port);
      throw new Error(`mosquitto stopped as it started: ${output}`);
    }
    return {
      url: `mqtt://127.0.0.1:${port}`,
      close: async () => {
        child.kill('SIGTERM');
        await exited;
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
}
