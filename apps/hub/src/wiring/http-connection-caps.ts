import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { HubLogger } from '@hub/contracts';
import { ConnectionsPerIp, normalizeAddress } from '@hub/ingest';

export interface HttpConnectionLimits {
  /** Open sockets from one address; 0: no limit (behind a proxy, which caps per client). */
  readonly maxConnectionsPerIp: number;
  /** Open sockets in all; 0: no limit. */
  readonly maxConnections: number;
}

/** Refusals are logged at most this often per address, so a flood does not flood the log. */
const LOG_EVERY_MS = 10_000;

const refusal = (why: string): string =>
  'HTTP/1.1 503 Service Unavailable\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n' +
  'Retry-After: 10\r\n' +
  'Connection: close\r\n' +
  `Content-Length: ${Buffer.byteLength(why)}\r\n` +
  '\r\n' +
  why;

/**
 * Bounds the sockets one address (and everyone together) may hold open on the HTTP port: GraphQL
 * over HTTP, graphql-ws, MQTT over WebSocket, the console. Without it, anyone who can reach the
 * port could hold sockets open (idle, or sending headers slowly) until the process runs out of
 * file descriptors, and then no device could connect and no file could be opened.
 *
 * A socket over a cap gets a 503 that names the cap and is closed at once; the sockets already
 * open, and the MQTT ports, are not touched.
 */
export class HttpConnectionCaps {
  private readonly perIp: ConnectionsPerIp;
  private total = 0;
  private readonly lastLogged = new Map<string, number>();

  constructor(
    private readonly limits: HttpConnectionLimits,
    private readonly logger: Pick<HubLogger, 'warn'>,
  ) {
    this.perIp = new ConnectionsPerIp(limits.maxConnectionsPerIp);
  }

  /** Counts every socket the server accepts, and refuses those over a cap. */
  attach(server: Server): void {
    server.on('connection', (socket: Socket) => this.onConnection(socket));
  }

  private onConnection(socket: Socket): void {
    const address = normalizeAddress(socket.remoteAddress);
    const release = this.perIp.acquire(address);
    if (!release) {
      const perIp = this.limits.maxConnectionsPerIp;
      this.refuse(
        socket,
        address,
        `too many connections from your address (at most ${perIp}); close some and retry\n`,
      );
      return;
    }
    const all = this.limits.maxConnections;
    if (all > 0 && this.total >= all) {
      release();
      this.refuse(
        socket,
        address,
        `the hub holds the most connections it allows (${all}); retry later\n`,
      );
      return;
    }
    this.total += 1;
    socket.once('close', () => {
      this.total -= 1;
      release();
    });
  }

  private refuse(socket: Socket, address: string, why: string): void {
    socket.on('error', () => undefined); // a peer that is gone already: nothing to tell it
    socket.end(refusal(why));
    // A peer that does not read cannot keep the socket: it goes after a short grace.
    setTimeout(() => socket.destroy(), 1000).unref();
    const now = Date.now();
    if (now - (this.lastLogged.get(address) ?? 0) < LOG_EVERY_MS) return;
    if (this.lastLogged.size > 10_000) this.lastLogged.clear();
    this.lastLogged.set(address, now);
    this.logger.warn('http connection refused: over a connection cap', {
      code: 'HTTP_CONNECTIONS_CAPPED',
      remoteAddress: address,
      reason: why.trim(),
    });
  }
}
