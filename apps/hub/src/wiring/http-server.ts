import { Logger as ContextLogger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { HubConfig } from '@hub/config';
import { hubLogger, requestLogger } from '@hub/ops';
import { HttpConnectionCaps } from './http-connection-caps.js';

/** How long an idle keep-alive socket stays open past the advertised timeout. */
const IDLE_SOCKET_GRACE_MS = 10_000;

/**
 * What every HTTP server of the hub does before it listens: the body cap, request logs, no
 * framework banner, and (on the server that faces clients) the connection caps.
 */
export function prepareHttp(
  app: NestExpressApplication,
  config: HubConfig,
  options: { readonly facesClients: boolean },
): void {
  // Nest registers express.json() with its 100 KiB default unless a json parser is already in
  // place: this one makes the cap a setting (HUB_HTTP_MAX_BODY_BYTES); larger bodies get 413.
  app.useBodyParser('json', { limit: config.http.maxBodyBytes });
  // Request logs without nestjs-pino's per-request store (logging.module.ts says why).
  app.use(requestLogger(config.logLevel));
  // Do not advertise the framework to scanners.
  app.disable('x-powered-by');
  // Before the port opens: every socket it accepts is counted against the connection caps. The
  // broker's internal server behind the API's thread (decision 0022) gets only relayed sockets,
  // all from loopback: the API's thread counts them against the caps where they arrive.
  if (options.facesClients) {
    new HttpConnectionCaps(config.http, hubLogger(new ContextLogger('http'))).attach(
      app.getHttpServer(),
    );
  }
}

/** What every HTTP server of the hub does once it listens. */
export function afterListen(app: NestExpressApplication): void {
  // Keep-alive clients (fetch/undici, browsers, proxies) drop an idle connection about a second
  // before the advertised `Keep-Alive: timeout`; a busy client can be seconds late and then writes
  // to a socket this server has just closed (ECONNRESET). Idle sockets stay open this much past
  // what is advertised (Node >= 22.19; its default is 1 s).
  (app.getHttpServer() as { keepAliveTimeoutBuffer?: number }).keepAliveTimeoutBuffer =
    IDLE_SOCKET_GRACE_MS;
}
