import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import type { TlsListenerOptions } from '../broker-options.js';
import type { HubLogger } from '@hub/contracts';
import type { Slot } from '../limits/connection-slots.js';
import { normalizeAddress } from '../limits/connections-per-ip.js';
import type { ConnectionAdmission } from './admission.js';
import { certificateName } from './client-certificate.js';
import { MqttListenerError } from './listener-error.js';
import { closeServer, listenOn } from './server-lifecycle.js';

const peerKey = (socket: Socket): string => `${socket.remoteAddress}|${socket.remotePort}`;

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new MqttListenerError(
      'TLS_FILE_UNREADABLE',
      `cannot read the MQTT TLS ${what} at ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

/**
 * MQTT over TLS. With a CA file the listener requires a client certificate signed by that CA
 * (the handshake fails otherwise); its CN is checked against the username at CONNECT.
 */
export class TlsListener {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Connection slots of TCP sockets whose TLS handshake is under way or done, by peer. */
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly options: TlsListenerOptions,
    admission: ConnectionAdmission,
    logger: HubLogger,
    handshakeTimeoutMs: number,
  ) {
    const certificateRequired = options.caFile !== undefined;
    const secure = {
      cert: readPem(options.certFile, 'certificate (HUB_MQTTS_CERT)'),
      key: readPem(options.keyFile, 'private key (HUB_MQTTS_KEY)'),
      ...(options.caFile !== undefined && {
        ca: readPem(options.caFile, 'client CA (HUB_MQTTS_CA)'),
        requestCert: true,
        rejectUnauthorized: true,
      }),
    };
    try {
      this.server = createServer({ ...secure, handshakeTimeout: handshakeTimeoutMs });
    } catch (error) {
      throw new MqttListenerError(
        'TLS_SETUP_FAILED',
        `the MQTT TLS certificate, key or CA is not usable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    // Count connections at TCP accept, before the handshake costs anything.
    this.server.on('connection', (socket: Socket) => {
      const slot = admission.reserve(normalizeAddress(socket.remoteAddress), 'tls', () =>
        socket.destroy(),
      );
      const peer = peerKey(socket);
      this.slots.set(peer, slot);
      this.sockets.add(socket);
      socket.once('close', () => {
        slot.release();
        this.slots.delete(peer);
        this.sockets.delete(socket);
      });
    });
    this.server.on('secureConnection', (socket: TLSSocket) => {
      // The TLS socket wraps the TCP socket that holds the slot: the peer's address and port name it.
      const slot = this.slots.get(peerKey(socket));
      if (!slot) return void socket.destroy(); // evicted during the handshake
      admission.admit(
        socket,
        {
          transport: 'tls',
          remoteAddress: normalizeAddress(socket.remoteAddress),
          certificateRequired,
          certificateName: certificateName(socket),
        },
        slot,
      );
    });
    this.server.on('tlsClientError', (error: Error, socket: TLSSocket) =>
      logger.info('mqtts handshake failed', {
        remoteAddress: normalizeAddress(socket.remoteAddress),
        err: error.message,
      }),
    );
  }

  listen(host: string): Promise<number> {
    return listenOn(this.server, this.options.port, host);
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }

  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}
