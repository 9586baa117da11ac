import pg from 'pg';
import type { JobLease } from '../port/job-lease.js';
import type { HubLogger } from '@hub/contracts';

/** How often a node without the lease tries to take it: a dead holder's work moves within this. */
const RETRY_MS = 1000;

/**
 * Run-once work across every hub node on one PostgreSQL log: the node that holds a session-level
 * advisory lock on its own connection runs the job, the others stand by. The server releases the
 * lock when that connection ends, also when the holder is killed (its socket closes), so another
 * node takes over at its next try (within `RETRY_MS` of the server noticing).
 */
export class PostgresJobLease implements JobLease {
  private client: pg.Client | undefined;
  private trying: Promise<boolean> | undefined;
  private lastTry = 0;
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    /** Two int4 keys: the hub's namespace and the job's. */
    private readonly job: string,
    private readonly logger: HubLogger,
  ) {}

  /** True while this node holds the lease; otherwise tries to take it (at most once per second). */
  held(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.client) return Promise.resolve(true);
    if (this.trying) return this.trying;
    if (Date.now() - this.lastTry < RETRY_MS) return Promise.resolve(false);
    this.lastTry = Date.now();
    this.trying = this.tryTake().finally(() => (this.trying = undefined));
    return this.trying;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.trying;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async tryTake(): Promise<boolean> {
    const client = new pg.Client(this.config);
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ taken: boolean }>(
        "SELECT pg_try_advisory_lock(hashtext('lamppost-hub'), hashtext($1)) AS taken",
        [this.job],
      );
      if (!rows[0]?.taken || this.closed) {
        await client.end().catch(() => undefined);
        return false;
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      this.logger.warn('could not try the run-once lease; will try again', {
        job: this.job,
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
    // A lost connection loses the lock with it: stop running the job until it is taken again.
    const lost = (): void => {
      if (this.client !== client) return;
      this.client = undefined;
      this.logger.warn('run-once lease lost with its connection', { job: this.job });
    };
    client.on('error', lost);
    client.on('end', lost);
    this.client = client;
    this.logger.info('this node runs the run-once job', { job: this.job });
    return true;
  }
}
