/** What one hub node does; several nodes on one log may split the work (HUB_ROLES). */
export interface HubRoles {
  /** The MQTT doors (TCP, TLS, WebSocket at /mqtt): devices connect here. */
  readonly ingest: boolean;
  /** GraphQL over HTTP and graphql-ws, and the web console. */
  readonly api: boolean;
  /**
   * Work that must happen once per log, not once per node: switching scheduled rule versions,
   * the retention job. On a shared PostgreSQL log the nodes with this role also take a lock
   * per job, so one of them runs it at a time.
   */
  readonly timers: boolean;
}

export const ALL_ROLES: HubRoles = { ingest: true, api: true, timers: true };

/** `ingest,api` → `{ ingest: true, api: true, timers: false }` (the value is validated before). */
export function parseRoles(value: string): HubRoles {
  const named = new Set(value.split(','));
  return { ingest: named.has('ingest'), api: named.has('api'), timers: named.has('timers') };
}
