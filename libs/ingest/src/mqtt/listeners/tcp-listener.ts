import { createServer, type Server, type Socket } from 'node:net';
import type { ConnectionAdmission } from './admission.js';
import { closeServer, listenOn } from './server-lifecycle.js';
import { normalizeAddress } from '../limits/connections-per-ip.js';

/** Plain MQTT over TCP. */
export class TcpListener {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(admission: ConnectionAdmission) {
    this.server = createServer((socket) => {
      const remoteAddress = normalizeAddress(socket.remoteAddress);
      const slot = admission.reserve(remoteAddress, 'tcp', () => socket.destroy());
      this.sockets.add(socket);
      socket.once('close', () => {
        slot.release();
        this.sockets.delete(socket);
      });
      admission.admit(
        socket,
        { transport: 'tcp', remoteAddress, certificateRequired: false },
        slot,
      );
    });
  }

  listen(port: number, host: string): Promise<number> {
    return listenOn(this.server, port, host);
  }

  /** Stops accepting; resolves once every connection has gone (see `dropConnections`). */
  close(): Promise<void> {
    return closeServer(this.server);
  }

  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}
