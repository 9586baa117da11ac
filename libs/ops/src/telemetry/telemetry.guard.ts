import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { TelemetryAccess } from './telemetry-access.js';

/** Refuses a telemetry route (e.g. `/metrics`) without the metrics token: 401 with a code and reason. */
@Injectable()
export class TelemetryGuard implements CanActivate {
  constructor(@Inject(TelemetryAccess) private readonly access: TelemetryAccess) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    if (this.access.allows(http.getRequest<IncomingMessage>().headers.authorization)) return true;
    // RFC 6750 §3: a protected resource names the scheme it expects.
    http
      .getResponse<ServerResponse>()
      .setHeader('WWW-Authenticate', 'Bearer realm="hub-telemetry"');
    throw new UnauthorizedException({
      code: 'METRICS_TOKEN_REQUIRED',
      message:
        'send Authorization: Bearer <metrics token> (HUB_METRICS_TOKEN, or <HUB_DATA_DIR>/metrics-token)',
    });
  }
}
