import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

const SUBSCRIPTION = `subscription ($lab: String!, $after: String) {
  readings(filter: { lab: $lab }, after: $after) { cursor lamppost kind observedAt values }
}`;

interface LiveReading {
  cursor: string;
  lamppost: string;
  kind: string;
  observedAt: string;
  values: Record<string, unknown>;
}

const describeValues = (values: Record<string, unknown>): string =>
  Object.entries(values)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');

/**
 * Subscribes to the lab's readings over graphql-ws, exactly as a municipality would, and prints
 * each one as it arrives: the demo's proof that data flows end to end. Without `after` the
 * subscription would first replay the whole log, so a second demo run would show old readings
 * as if they were live.
 */
export function printLiveReadings(
  url: string,
  token: string,
  lab: string,
  write: (line: string) => void,
  /** Cursor of the newest stored reading: the history stays out of the live view. */
  after?: string,
): Client {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  client.subscribe<{ readings: LiveReading }>(
    { query: SUBSCRIPTION, variables: { lab, after } },
    {
      next: ({ data, errors }) => {
        if (errors) return write(`subscription error: ${JSON.stringify(errors)}`);
        const r = data?.readings;
        if (!r) return;
        write(
          `  ${r.observedAt.slice(11, 19)}  #${r.cursor.padEnd(6)} ${r.lamppost.padEnd(8)} ${r.kind.padEnd(12)} ${describeValues(r.values)}`,
        );
      },
      error: (error) => write(`subscription closed: ${String(error)}`),
      complete: () => undefined,
    },
  );
  return client;
}
