/**
 * Counts what the shared subscription executor did: `executions` ran the selection set over an
 * event, `reuses` handed a subscriber a result another subscriber's execution had made.
 */
export class SharedResultStats {
  executions = 0;
  reuses = 0;
}
