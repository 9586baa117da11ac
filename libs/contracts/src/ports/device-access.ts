/** A device the broker let in: the lamppost it speaks for and where it may publish. */
export interface DeviceIdentity {
  readonly username: string;
  readonly lab: string;
  readonly lamppost: string;
  /** `labs/{lab}/lampposts/{lamppost}/`: the only prefix it may publish under. */
  readonly topicPrefix: string;
}

/** MQTT 3.1.1 CONNACK return codes for a refused connection [MQTT-3.2.2-3]. */
export type ConnectRefusal = 'BAD_USERNAME_OR_PASSWORD' | 'NOT_AUTHORIZED';

/**
 * Who may connect. The registry (device credentials) implements it; the broker only asks.
 * Revocation: the implementation calls `onRevoked` listeners with the username, and the broker
 * closes that device's live connection at once.
 */
export interface DeviceAccess {
  authenticate(
    username: string | undefined,
    password: Uint8Array | undefined,
  ): Promise<DeviceIdentity | ConnectRefusal>;
  onRevoked(listener: (username: string) => void): void;
}

export const DEVICE_ACCESS = Symbol('DEVICE_ACCESS');
