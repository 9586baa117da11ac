export type Transport = 'tcp' | 'tls' | 'websocket';

/** What the broker knows about a connection before the device says who it is. */
export interface ConnectionInfo {
  readonly transport: Transport;
  readonly remoteAddress: string;
  /** The TLS listener asks for client certificates: the CN must equal the MQTT username. */
  readonly certificateRequired: boolean;
  /** CN of the verified client certificate, if any. */
  readonly certificateName?: string;
}
