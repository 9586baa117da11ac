import type { Logger } from '@nestjs/common';
import type { HubLogger } from '@hub/contracts';

/** The libraries' `HubLogger` on a Nest logger: one JSON line with `msg` and the fields. */
export const hubLogger = (logger: Logger): HubLogger => ({
  info: (msg, fields) => logger.log({ msg, ...fields }),
  warn: (msg, fields) => logger.warn({ msg, ...fields }),
  error: (msg, fields) => logger.error({ msg, ...fields }),
});
