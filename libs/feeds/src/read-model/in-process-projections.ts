import type { LogFollower, ProjectionRunner } from '@hub/event-store';
import { Projections } from './projections.port.js';

/** The projection runner on the hub's main thread (HUB_PROJECTIONS_THREAD=main). */
export class InProcessProjections extends Projections {
  readonly threadId = 0;

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly follower: LogFollower,
  ) {
    super();
  }

  get checkpoint(): number {
    return this.runner.after;
  }

  /** The runner catches up on this thread, fed by the hub's follower; queries wait for it. */
  start(): Promise<void> {
    this.runner.start(this.follower);
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  waitForPosition(position: number, timeoutMs: number): Promise<boolean> {
    return this.runner.waitForPosition(position, timeoutMs);
  }
}
