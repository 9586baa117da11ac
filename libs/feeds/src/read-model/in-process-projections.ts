import type { ProjectionRunner } from '@hub/event-store';
import { Projections } from './projections.port.js';

/** The projection runner on the hub's main thread (HUB_PROJECTIONS_THREAD=main). */
export class InProcessProjections extends Projections {
  readonly threadId = 0;

  constructor(private readonly runner: ProjectionRunner) {
    super();
  }

  /** The runner catches up on this thread; queries wait for it (the old behaviour). */
  start(): Promise<void> {
    this.runner.start();
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  waitForPosition(position: number, timeoutMs: number): Promise<boolean> {
    return this.runner.waitForPosition(position, timeoutMs);
  }
}
