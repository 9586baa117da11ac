/**
 * The one logger interface of the libraries: a message, and the fields that go with it. The hub
 * binds it to its structured log (libs/ops `hubLogger`); tests pass a recorder or
 * `silentLogger`. One shape for every context, so a port never needs an adapter of its own.
 */
export interface HubLogger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** Used when the caller passes no logger: the component stays quiet. */
export const silentLogger: HubLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
