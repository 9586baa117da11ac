import type { Server as HttpServer } from 'node:http';
import type { BrokerOptions } from '../broker-options.js';
import type { HubLogger } from '@hub/contracts';
import { ConnectionAdmission, type HandleConnection } from './admission.js';
import type { PromoteRefusal } from '../limits/connection-slots.js';
import type { ConnectionInfo } from './connection-info.js';
import { TcpListener } from './tcp-listener.js';
import { TlsListener } from './tls-listener.js';
import { WebSocketListener } from './websocket-listener.js';

/** Where devices can reach the broker once it listens. */
export interface BoundListeners {
  readonly tcpPort: number;
  /** Absent when TLS is not configured. */
  readonly tlsPort?: number;
  /** Absent when no HTTP server was given. */
  readonly websocketPath?: string;
}

/** The broker's front doors: TCP, optional TLS and WebSocket, all through one admission. */
export class MqttListeners {
  private readonly admission: ConnectionAdmission;
  private readonly tcp: TcpListener;
  private readonly websocket: WebSocketListener;
  private tls?: TlsListener;

  constructor(
    handle: HandleConnection,
    private readonly options: BrokerOptions,
    private readonly logger: HubLogger,
  ) {
    this.admission = new ConnectionAdmission(handle, options.limits, logger);
    this.tcp = new TcpListener(this.admission);
    this.websocket = new WebSocketListener(
      options.websocketPath,
      this.admission,
      options.limits.maxPacketBytes,
      options.websocketRelaySecret,
    );
  }

  /** Opens every configured listener; MQTT over WebSocket only when an HTTP server is given. */
  async listen(httpServer?: HttpServer): Promise<BoundListeners> {
    const { host, tls } = this.options;
    const tcpPort = await this.tcp.listen(this.options.port, host);
    this.logger.info('mqtt listening', { transport: 'tcp', host, port: tcpPort });
    let tlsPort: number | undefined;
    if (tls) {
      this.tls = new TlsListener(
        tls,
        this.admission,
        this.logger,
        this.options.limits.connectTimeoutMs,
      );
      tlsPort = await this.tls.listen(host);
      this.logger.info('mqtt listening', {
        transport: 'tls',
        host,
        port: tlsPort,
        clientCertificates: tls.caFile !== undefined,
      });
    }
    if (!httpServer) return { tcpPort, tlsPort };
    this.websocket.attach(httpServer);
    const websocketPath = this.options.websocketPath;
    this.logger.info('mqtt listening', { transport: 'websocket', path: websocketPath });
    return { tcpPort, tlsPort, websocketPath };
  }

  /** Stops accepting new connections; resolves once the servers have closed. */
  close(): Promise<void> {
    this.admission.stop();
    this.websocket.stopAccepting();
    return Promise.all([this.tcp.close(), this.tls?.close()]).then(() => undefined);
  }

  /** Cuts the connections aedes does not know yet (no CONNECT), which it cannot close itself. */
  dropConnections(): void {
    this.tcp.dropConnections();
    this.tls?.dropConnections();
    this.websocket.dropConnections();
  }

  infoOf(conn: object): ConnectionInfo | undefined {
    return this.admission.infoOf(conn);
  }

  /** See `ConnectionAdmission.loggedIn`. */
  loggedIn(conn: object, username: string): PromoteRefusal | undefined {
    return this.admission.loggedIn(conn, username);
  }
}
