import { createServer } from 'node:net';

/** True when `port` can be bound on `host` now (0 always can: the system picks one). */
export function canListen(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export interface PortChoice {
  readonly port: number;
  /** A line for the user when the configured port was taken. */
  readonly note?: string;
}

/**
 * The configured port when it is free, else 0 (a free one) with a note naming the variable that
 * chooses it: the demo must run next to `npm start` without a raw EADDRINUSE.
 */
export async function choosePort(
  host: string,
  port: number,
  variable: string,
  what: string,
): Promise<PortChoice> {
  if (await canListen(host, port)) return { port };
  return {
    port: 0,
    note: `port ${port} (${what}) is in use, perhaps by \`npm start\`; the demo takes a free port instead (set ${variable} to choose one)`,
  };
}
