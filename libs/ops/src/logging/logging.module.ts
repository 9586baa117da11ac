import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import { pinoHttp, type HttpLogger } from 'pino-http';

/** The HTTP side of the logs: requests at debug level, credentials redacted. */
const httpLogs = (level: string) => ({
  level,
  customLogLevel: () => 'debug' as const,
  redact: ['req.headers.authorization', 'req.headers.cookie'],
  autoLogging: {
    ignore: (req: { url?: string }) => req.url === '/health' || req.url === '/metrics',
  },
});

/**
 * Structured JSON logs (pino). HTTP requests are logged at debug level so the GraphQL traffic
 * of a busy hub does not drown the operational messages; authorization headers are redacted.
 *
 * nestjs-pino gives Nest its logger, but not its request middleware (`forRoutes: []`): that
 * middleware runs every request inside an `AsyncLocalStorage`, and on Node 22 one such store turns
 * promise hooks on for the whole process, the broker's thread included (3.6% of that thread at
 * maximum ingest, 6.8% in fan-out: docs/performance.md). `requestLogger()` logs the requests
 * instead, with the same pino logger and options, and no store.
 */
@Module({})
export class LoggingModule {
  static forRoot(level: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: httpLogs(level), forRoutes: [] })],
      exports: [LoggerModule],
    };
  }
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Express middleware logging each HTTP request (mount it once, before the routes). The pino
 * logger nestjs-pino sets up exists once the application is initialised, so it is taken at the
 * first request.
 */
export function requestLogger(level: string): Middleware {
  let http: HttpLogger | undefined;
  return (req, res, next) => {
    http ??= pinoHttp({ ...httpLogs(level), logger: PinoLogger.root });
    http(req, res, next);
  };
}
