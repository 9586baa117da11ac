import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { pathOf, RELAY_PEER_HEADER, RELAY_SECRET_HEADER } from '@hub/ingest';

/** Paths the broker's thread answers: its readiness (MQTT listening, log writable), its metrics. */
const relayedPath = (path: string): boolean =>
  path === '/metrics' || path === '/health' || path.startsWith('/health/');

/** A client must not pass off its own relay headers: they are dropped before ours are added. */
const isRelayHeader = (name: string): boolean => {
  const lower = name.toLowerCase();
  return lower === RELAY_SECRET_HEADER || lower === RELAY_PEER_HEADER;
};

/**
 * On the API's thread, which owns the HTTP port (decision 0022): hands what the broker's thread
 * serves to its internal server on loopback. MQTT over WebSocket is relayed as bytes once the
 * upgrade request is passed on, with the device's address in a header the broker believes only
 * with the node's secret (its connection caps and login throttle count the device, not this
 * thread); /health and /metrics are relayed as HTTP requests.
 */
export class BrokerRelay {
  constructor(
    private readonly brokerPort: number,
    private readonly websocketPath: string,
    private readonly secret: string,
  ) {}

  /** Express middleware, first in the chain: relays /health and /metrics, passes on the rest. */
  readonly http = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (!relayedPath(pathOf(req.url))) return next();
    const headers = { ...req.headers };
    delete headers[RELAY_SECRET_HEADER];
    delete headers[RELAY_PEER_HEADER];
    const upstream = httpRequest(
      { host: '127.0.0.1', port: this.brokerPort, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'error', reason: "the broker's thread did not answer" }));
      } else res.destroy();
    });
    req.pipe(upstream);
  };

  /** `upgrade` listener of the HTTP server: takes upgrades to the MQTT path, leaves the others. */
  readonly upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (pathOf(req.url) !== this.websocketPath) return;
    const upstream: Socket = connect(this.brokerPort, '127.0.0.1');
    upstream.setNoDelay(true);
    (socket as Socket).setNoDelay?.(true);
    const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      if (!isRelayHeader(req.rawHeaders[i]))
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    lines.push(`${RELAY_SECRET_HEADER}: ${this.secret}`);
    lines.push(`${RELAY_PEER_HEADER}: ${req.socket.remoteAddress ?? 'unknown'}`);
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) upstream.write(head);
    const end = () => {
      socket.destroy();
      upstream.destroy();
    };
    upstream.on('error', end).on('close', end);
    socket.on('error', end).on('close', end);
    socket.pipe(upstream).pipe(socket);
  };
}
