import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer, type WebSocket } from 'ws';
import { normalizeAddress } from '../limits/connections-per-ip.js';
import type { ConnectionAdmission } from './admission.js';

const pathOf = (url: string | undefined): string => (url ?? '').split('?', 1)[0];

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

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (pathOf(request.url) !== this.path) return; // another listener's path (e.g. /graphql)
    const remoteAddress = normalizeAddress(request.socket.remoteAddress);
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
