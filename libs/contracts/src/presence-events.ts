/**
 * Device presence, as events in the log, so every hub node on one log (issue 15) derives the
 * same "online" from them: a device is online while some node holds an open connection for it.
 * One stream per device (`presence-{lab}.{lamppost}`) and one per node (`node-{node}`).
 */
export const DEVICE_CONNECTED = 'DeviceConnected';
export const DEVICE_CONNECTION_CLOSED = 'DeviceConnectionClosed';
/**
 * A node says that none of its connections is open any more: written when it starts (a restart
 * after a crash could not close them) and when it stops. One event, whatever the number of devices.
 */
export const NODE_CONNECTIONS_CLOSED = 'NodeConnectionsClosed';

export const PRESENCE_EVENT_TYPES = [
  DEVICE_CONNECTED,
  DEVICE_CONNECTION_CLOSED,
  NODE_CONNECTIONS_CLOSED,
] as const;

export interface DeviceConnected {
  readonly lab: string;
  readonly lamppost: string;
  /** The hub node that holds the connection (HUB_NODE_ID). */
  readonly node: string;
  readonly at: string;
}

export interface DeviceConnectionClosed {
  readonly lab: string;
  readonly lamppost: string;
  readonly node: string;
  readonly at: string;
}

export interface NodeConnectionsClosed {
  readonly node: string;
  readonly cause: 'startup' | 'shutdown';
  readonly at: string;
}

export const presenceStreamId = (d: { lab: string; lamppost: string }): string =>
  `presence-${d.lab}.${d.lamppost}`;

export const nodeStreamId = (node: string): string => `node-${node}`;
