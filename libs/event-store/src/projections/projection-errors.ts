import { EventStoreError } from '../port/errors.js';

/** The checkpoint moved under the runner: another process is writing the same read model. */
export class ProjectionConflictError extends EventStoreError {
  readonly code = 'PROJECTION_CONFLICT';
  constructor(
    readonly projection: string,
    readonly expected: number,
    readonly found: number,
  ) {
    super(
      `projection "${projection}" checkpoint is ${found}, expected ${expected}: another process writes this read model (stop the hub before "hubctl projections rebuild")`,
    );
  }
}

/** `rebuild()` or `catchUp()` was called while the live loop runs. */
export class ProjectionRunnerBusyError extends EventStoreError {
  readonly code = 'PROJECTION_RUNNER_BUSY';
  constructor() {
    super('the projection runner is running; stop() it first');
  }
}
