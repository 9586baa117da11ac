import WebSocket from 'ws';
import { within } from './deadline.js';

/** One message as it came off the wire, and what JSON.parse made of it (undefined: not JSON). */
export interface RawMessage {
  readonly text: string;
  readonly parsed: { id?: unknown; type?: unknown; payload?: unknown } | undefined;
}

/**
 * A graphql-transport-ws client written by hand on a `ws` socket (not graphql-ws's client, which
 * would reject or normalise what it is given): it sends the protocol's messages as the test
 * writes them and keeps every message it receives as text.
 */
export class RawGraphqlWs {
  readonly received: RawMessage[] = [];
  /** The close the server (or `close()`) ended the socket with. */
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly ws: WebSocket;
  private readonly opened: Promise<void>;

  constructor(httpPort: number) {
    this.ws = new WebSocket(`ws://127.0.0.1:${httpPort}/graphql`, 'graphql-transport-ws');
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code: number, reason: Buffer) =>
        resolve({ code, reason: reason.toString('utf8') }),
      ),
    );
    this.ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      let parsed: RawMessage['parsed'];
      try {
        parsed = JSON.parse(text) as RawMessage['parsed'];
      } catch {
        parsed = undefined;
      }
      this.received.push({ text, parsed });
    });
  }

  /**
   * Opens the socket and waits for `connection_ack` to `connection_init` with this token; rejects
   * if the server closes the socket instead.
   */
  async init(token: string): Promise<void> {
    await within(this.opened, 10_000, 'websocket open');
    const acked = new Promise<void>((resolve, reject) => {
      const onMessage = (data: Buffer) => {
        const type = (JSON.parse(data.toString('utf8')) as { type?: string }).type;
        this.ws.off('message', onMessage);
        if (type === 'connection_ack') resolve();
        else reject(new Error(`expected connection_ack, got ${type}`));
      };
      this.ws.on('message', onMessage);
    });
    this.ws.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
    );
    const refused = this.closed.then(({ code, reason }) => {
      throw new Error(`closed before connection_ack: ${code} ${reason}`);
    });
    await within(Promise.race([acked, refused]), 10_000, 'connection_ack');
  }

  subscribe(id: string, query: string, variables: Record<string, unknown>): void {
    this.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  }

  /** Ends one of this socket's operations, as a client does when it unsubscribes. */
  complete(id: string): void {
    this.ws.send(JSON.stringify({ id, type: 'complete' }));
  }

  /** The messages received so far for operation `id` (those that parsed). */
  of(id: string): { id?: unknown; type?: unknown; payload?: unknown }[] {
    return this.received.flatMap((m) => (m.parsed?.id === id ? [m.parsed] : []));
  }

  /** The `next` messages received so far (those that parsed). */
  nexts(): { id?: unknown; type?: unknown; payload?: unknown }[] {
    return this.received.flatMap((m) => (m.parsed?.type === 'next' ? [m.parsed] : []));
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.ws.close();
    return within(closed, 10_000, 'websocket close');
  }
}
