import type { MqttLimits } from './limits/mqtt-limits.js';

/** MQTT over TLS; client certificates are required when `caFile` is given. */
export interface TlsListenerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly certFile: string;
  readonly keyFile: string;
  /** CA that signs device certificates; a device's certificate CN must equal its username. */
  readonly caFile?: string;
}

export interface BrokerOptions {
  readonly host: string;
  /** Plain MQTT over TCP; 0 picks a free port. */
  readonly port: number;
  /** Off when absent. */
  readonly tls?: TlsListenerOptions;
  /** Path of MQTT over WebSocket on the hub's HTTP server. */
  readonly websocketPath: string;
  /** Upgrades relayed by the API's thread name the device's address (decision 0022). */
  readonly websocketRelaySecret?: string;
  readonly limits: MqttLimits;
}

export const DEFAULT_BROKER_OPTIONS: Omit<BrokerOptions, 'host' | 'port' | 'limits'> = {
  websocketPath: '/mqtt',
};
