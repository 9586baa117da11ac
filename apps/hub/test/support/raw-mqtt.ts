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
  /** A Buffer puts arbitrary bytes (e.g. invalid UTF-8) in the client id field. */
  readonly clientId: string | Buffer;
  readonly username?: string;
  readonly password?: string;
  readonly clean?: boolean;
}

/** A length-prefixed string field [MQTT-1.5.3]. */
const field = (bytes: Buffer): Buffer => {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
};

/** The remaining length, variable-length encoded [MQTT-2.2.3]. */
function remainingLength(length: number): Buffer {
  const bytes: number[] = [];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    bytes.push(byte);
  } while (length > 0);
  return Buffer.from(bytes);
}

/**
 * A CONNECT packet (MQTT 3.1.1, keepalive 30 s), encoded here byte by byte: mqtt-packet refuses to
 * generate some of the packets under test (an empty client id with clean=false).
 */
export function connectPacket(fields: ConnectFields): Buffer {
  const clientId = Buffer.isBuffer(fields.clientId)
    ? fields.clientId
    : Buffer.from(fields.clientId, 'utf8');
  let flags = fields.clean === false ? 0 : 0x02;
  const payload = [field(clientId)];
  if (fields.username !== undefined) {
    flags |= 0x80;
    payload.push(field(Buffer.from(fields.username, 'utf8')));
  }
  if (fields.password !== undefined) {
    flags |= 0x40;
    payload.push(field(Buffer.from(fields.password, 'utf8')));
  }
  const variableHeader = Buffer.concat([
    field(Buffer.from('MQTT')),
    Buffer.from([4, flags, 0, 30]), // protocol level 4, flags, keepalive 30 s
  ]);
  const body = Buffer.concat([variableHeader, ...payload]);
  return Buffer.concat([Buffer.from([0x10]), remainingLength(body.length), body]);
}

/**
 * A CONNECT whose client id is `username` with its last byte replaced by 0xFF, which never
 * occurs in UTF-8 [MQTT-1.5.3-1].
 */
export function connectWithInvalidUtf8ClientId(username: string, password: string): Buffer {
  const clientId = Buffer.from(username, 'utf8');
  clientId[clientId.length - 1] = 0xff;
  return connectPacket({ clientId, username, password });
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
