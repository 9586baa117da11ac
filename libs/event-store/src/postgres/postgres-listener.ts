import pg from 'pg';
import type { HubLogger } from '@hub/contracts';
import { APPENDED_CHANNEL } from './postgres-batch-writer.js';

const RECONNECT_MS = 1000;

/**
 * One dedicated connection that LISTENs for commits of every process writing the log and wakes
 * this process's subscribers. A lost connection is re-established every second; meanwhile the
 * subscribers' slow safety poll keeps them moving.
 */
export class PostgresListener {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly onCommit: () => void,
    private readonly logger: HubLogger,
    private readonly shownUrl: string,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('notification', () => this.onCommit());
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${APPENDED_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    // Commits made while the listener was away are found by the next read.
    this.onCommit();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    this.logger.warn('event log LISTEN connection lost; subscribers poll until it is back', {
      url: this.shownUrl,
      error: error.message,
    });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.start().catch(() => this.scheduleReconnect());
    }, RECONNECT_MS);
    this.timer.unref();
  }
}
