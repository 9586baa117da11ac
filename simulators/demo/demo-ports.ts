import { canListen } from '../../tools/processes/ports.js';

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
