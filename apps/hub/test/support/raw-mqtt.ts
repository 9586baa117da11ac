import { connect as tcpConnect, type Socket } from 'node:net';
import mqttPacket, { type Packet } from 'mqtt-packet';

/**
 * A raw MQTT 3.1.1 connection for tests that must send what a well-behaved client library never
 * would (packet id 0, NUL or invalid UTF-8 in a client id, thousands of filters in one SUBSCRIBE).
 * Packets are built with mqtt-packet's `generate` (the codec aedes and mqtt.js use) or as bytes.
 */
export class RawMqtt {
  private readonly received: Packet[] = [];
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (packet: Packet) => {
      this.received.push(packet);
      this.wake();
    });
    socket.on('data', (chunk: Buffer) => parser.parse(chunk));
    socket.on('error', () => undefined); // a reset is one of the outcomes under test
    socket.once('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawMqtt> {
    return new Promise((resolve, reject) => {
      const socket = tcpConnect(port, host, () => resolve(new RawMqtt(socket)));
      socket.once('error', reject);
    });
  }

  send(packet: Parameters<typeof mqttPacket.generate>[0] | Buffer): void {
    this.socket.write(Buffer.isBuffer(packet) ? packet : mqttPacket.generate(packet));
  }

  /**
   * The first packet of type `cmd` (taken from what arrived), or `closed` if the connection closes
   * first, or `timeout` after `ms`.
   */
  async next(cmd: Packet['cmd'], ms: number): Promise<Packet | 'closed' | 'timeout'> {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.received.findIndex((p) => p.cmd === cmd);
      if (index >= 0) return this.received.splice(index, 1)[0];
      if (this.closed) return 'closed';
      const left = deadline - Date.now();
      if (left <= 0) return 'timeout';
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves true once the hub has closed the connection, false if it is still open after `ms`. */
  async closedWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closed;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

export interface ConnectFields {
  readonly clientId: string;
  readonly username?: string;
  readonly password?: string;
  readonly clean?: boolean;
}

/** A CONNECT packet (MQTT 3.1.1, keepalive 30 s). */
export const connectPacket = (fields: ConnectFields): Buffer =>
  mqttPacket.generate({
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    keepalive: 30,
    clean: fields.clean ?? true,
    clientId: fields.clientId,
    ...(fields.username !== undefined && { username: fields.username }),
    ...(fields.password !== undefined && { password: Buffer.from(fields.password) }),
  });

/**
 * A CONNECT whose client id is `username` with its last byte replaced by 0xFF, which never
 * occurs in UTF-8 [MQTT-1.5.3-1].
 */
export function connectWithInvalidUtf8ClientId(username: string, password: string): Buffer {
  const placeholder = `${username.slice(0, -1)}~`;
  const packet = connectPacket({ clientId: placeholder, username, password });
  const at = packet.indexOf(Buffer.from(placeholder));
  packet[at + placeholder.length - 1] = 0xff;
  return packet;
}

/** The CONNACK return code the hub answered with, or `closed` when it closed without one. */
export async function connackCode(
  port: number,
  connect: Buffer,
  ms = 10_000,
): Promise<{ code: number | 'closed' | 'timeout'; sessionPresent?: boolean; raw: RawMqtt }> {
  const raw = await RawMqtt.open(port);
  raw.send(connect);
  const answer = await raw.next('connack', ms);
  if (typeof answer === 'string') return { code: answer, raw };
  const connack = answer as Packet & { returnCode: number; sessionPresent: boolean };
  return { code: connack.returnCode, sessionPresent: connack.sessionPresent, raw };
}
