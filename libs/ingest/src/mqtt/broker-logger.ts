/**
 * The logger surface the broker and its listeners need (pino and Nest loggers both fit). Its own
 * file, so the listeners do not import hub-broker.ts, which imports them.
 */
export interface BrokerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
