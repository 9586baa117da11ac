import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { silentLogger, type HubLogger } from '@hub/contracts';

/**
 * Runs WAL checkpoints on a worker thread with its own connection. SQLite's automatic checkpoint
 * runs inside the COMMIT that crosses the threshold: it copies the WAL into the database file and
 * fsyncs it, which put tens of milliseconds on one unlucky batch of appends (the p99 of the
 * bench). A PASSIVE checkpoint from another connection runs beside the writer instead.
 * The script is CommonJS passed as a string, so no plain-JavaScript file is needed on disk.
 */
const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); }
  catch (error) { parentPort.postMessage(String(error && error.message || error)); }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(TRUNCATE)'); } catch {}
  db.close();
  parentPort.close();
});
`;

export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(file: string, intervalMs: number, logger: HubLogger = silentLogger) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(SCRIPT, { eval: true, workerData: { file, intervalMs, driver } });
    this.worker.unref();
    this.worker.on('message', (message: string) =>
      logger.warn('background WAL checkpoint failed', { file, error: message }),
    );
    this.worker.on('error', (error) =>
      logger.error('WAL checkpoint thread stopped; SQLite checkpoints inline from now on', {
        file,
        error: error.message,
      }),
    );
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Final checkpoint, then the thread ends. */
  async close(): Promise<void> {
    this.worker.ref(); // keep the process alive until the final checkpoint is done
    this.worker.postMessage('close');
    await this.exited;
  }
}
