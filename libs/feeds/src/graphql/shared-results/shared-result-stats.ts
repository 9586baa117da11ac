/**
 * Counts what the shared subscription executor did: `executions` ran the selection set over an
 * event, `reuses` handed a subscriber a result another subscriber's execution had made, and
 * `serialisations` turned a result into the JSON every subscriber's `next` message carries
 * (`SharedNextMessages`), and `pushes` were `next` messages a live stream wrote to its socket
 * itself (`PushedNextMessages`) rather than through graphql-ws's loop.
 */
export class SharedResultStats {
  executions = 0;
  reuses = 0;
  serialisations = 0;
  pushes = 0;
}
