import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer, type WebSocket } from 'ws';
import { normalizeAddress } from '../limits/connections-per-ip.js';
import type { ConnectionAdmission } from './admission.js';

/** The path of a request's URL, without its query. */
export const pathOf = (url: string | undefined): string => (url ?? '').split('?', 1)[0];

/** Headers of an upgrade relayed by the API's thread (decision 0022). */
export const RELAY_SECRET_HEADER = 'x-hub-relay-secret';
export const RELAY_PEER_HEADER = 'x-hub-relay-peer';

const sameSecret = (given: string | string[] | undefined, secret: string): boolean => {
  if (typeof given !== 'string' || given.length !== secret.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(secret));
};

/**
 * MQTT over WebSocket on the hub's HTTP server. It answers only upgrades to its own path, so
 * graphql-ws, which Nest attaches to the same server's `upgrade` event for `/graphql`, keeps
 * working: both use `ws` in `noServer` mode and each ignores the other's path.
 */
export class WebSocketListener {
  private readonly wss: WebSocketServer;
  private attachedTo?: HttpServer;

  constructor(
    private readonly path: string,
    private readonly admission: ConnectionAdmission,
    maxPacketBytes: number,
    /** Set when the API's thread relays upgrades: the address it names is the device's. */
    private readonly relaySecret?: string,
  ) {
    // A WebSocket message carries at most one MQTT packet's worth from a well-behaved client, so
    // `ws` need not buffer more than that (its default is 100 MiB). No compression: a small
    // deflated message must not expand into a large one.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: maxPacketBytes,
      perMessageDeflate: false,
    });
  }

  attach(server: HttpServer): void {
    this.attachedTo = server;
    server.on('upgrade', this.onUpgrade);
  }

  /** Stops answering upgrades; open connections stay until `dropConnections`. */
  stopAccepting(): void {
    this.attachedTo?.off('upgrade', this.onUpgrade);
    this.attachedTo = undefined;
  }

  dropConnections(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  /**
   * The device's address: the socket's, unless the upgrade was relayed by the API's thread, whose
   * header with the node's secret names it. Without the secret the header counts for nothing, so
   * a client cannot choose the address its connections are counted under.
   */
  private peerOf(request: IncomingMessage): string {
    const peer = request.headers[RELAY_PEER_HEADER];
    if (
      this.relaySecret !== undefined &&
      typeof peer === 'string' &&
      sameSecret(request.headers[RELAY_SECRET_HEADER], this.relaySecret)
    ) {
      return normalizeAddress(peer);
    }
    return normalizeAddress(request.socket.remoteAddress);
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (pathOf(request.url) !== this.path) return; // another listener's path (e.g. /graphql)
    const remoteAddress = this.peerOf(request);
    const slot = this.admission.reserve(remoteAddress, 'websocket', () => socket.destroy());
    socket.once('close', () => slot.release());
    this.wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const stream = createWebSocketStream(ws);
      this.admission.admit(
        stream,
        { transport: 'websocket', remoteAddress, certificateRequired: false },
        slot,
      );
    });
  };
}
