import { describe, expect, test } from '@jest/globals';
import { PassThrough, Duplex } from 'node:stream';
import { GuardedConnection } from './guarded-connection.js';
import type { FrameViolation } from './fixed-header-scanner.js';

/** A socket stand-in: what the peer sends comes out of `incoming`, what we write goes to `outgoing`. */
function pipePair() {
  const incoming = new PassThrough();
  const outgoing = new PassThrough();
  const inner = Duplex.from({ readable: incoming, writable: outgoing });
  return { inner, incoming, outgoing };
}

const read = (stream: Duplex): Promise<Buffer> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
  });

describe('GuardedConnection', () => {
  test('passes well-formed packets through in both directions', async () => {
    const { inner, incoming, outgoing } = pipePair();
    const guard = new GuardedConnection(inner, 1024, {
      onViolation: () => undefined,
      onPublishes: () => true,
    });
    const received = read(guard);
    const sent = read(outgoing);
    incoming.end(Buffer.from([0x30, 0x03, 0x00, 0x01, 0x61, 0xc0, 0x00]));
    guard.cork();
    guard.write(Buffer.from([0x40, 0x02]));
    guard.write(Buffer.from([0x00, 0x01]));
    guard.uncork();
    guard.end();
    expect([...(await received)]).toEqual([0x30, 0x03, 0x00, 0x01, 0x61, 0xc0, 0x00]);
    expect([...(await sent)]).toEqual([0x40, 0x02, 0x00, 0x01]);
  });

  test('cuts the connection at a header declaring too much, without passing it on', async () => {
    const { inner, incoming } = pipePair();
    const violations: FrameViolation[] = [];
    const guard = new GuardedConnection(inner, 1024, {
      onViolation: (v) => violations.push(v),
      onPublishes: () => true,
    });
    const passed: Buffer[] = [];
    guard.on('data', (chunk: Buffer) => passed.push(chunk));
    const closed = new Promise((resolve) => guard.on('close', resolve));
    incoming.write(Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3]));
    await closed;
    expect(violations).toEqual([{ code: 'PACKET_TOO_LARGE', declaredBytes: 268_435_460 }]);
    expect(passed).toEqual([]);
    expect(inner.destroyed).toBe(true);
  });

  test('cuts the connection when the rate hook says no', async () => {
    const { inner, incoming } = pipePair();
    let allowed = 1;
    const guard = new GuardedConnection(inner, 1024, {
      onViolation: () => undefined,
      onPublishes: (count) => (allowed -= count) >= 0,
    });
    const passed: number[] = [];
    guard.on('data', (chunk: Buffer) => passed.push(chunk.length));
    const closed = new Promise((resolve) => guard.on('close', resolve));
    incoming.write(Buffer.from([0x30, 0x03, 0x00, 0x01, 0x61]));
    await new Promise((resolve) => setImmediate(resolve));
    incoming.write(Buffer.from([0x30, 0x03, 0x00, 0x01, 0x62]));
    await closed;
    expect(passed).toEqual([5]);
  });
});
