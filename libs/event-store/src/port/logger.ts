/** The few log calls the adapters make; pino, Nest's Logger or `console` all fit. */
export interface EventStoreLogger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** Used when the caller passes no logger: the store stays quiet. */
export const silentLogger: EventStoreLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
