import { BroadcastChannel } from 'node:worker_threads';
import { resolve } from 'node:path';

/**
 * Tells the other threads of this process that have the same log file open (a projection worker
 * with its own read connection) that a commit moved the head. Same-thread subscribers are woken
 * by `CommitSignal`; this carries the new head to the others, whose own connection sees the
 * committed rows once the message arrives (it is posted after COMMIT returned).
 */
export class CommitBroadcast {
  private readonly channel: BroadcastChannel;

  constructor(file: string, onForeignCommit: (head: number) => void) {
    this.channel = new BroadcastChannel(`hub-sqlite-commits:${resolve(file)}`);
    this.channel.onmessage = (message) => {
      const head = (message as { data?: unknown }).data;
      if (typeof head === 'number') onForeignCommit(head);
    };
    // A listening channel must not keep the process (or a worker) alive on its own.
    this.channel.unref();
  }

  announce(head: number): void {
    this.channel.postMessage(head);
  }

  close(): void {
    this.channel.close();
  }
}
