export interface BrokerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** A subscriber whose socket stays full this long is disconnected, so it cannot stall others. */
  readonly drainTimeoutMs: number;
  /** Upper bound of messages aedes delivers in parallel. */
  readonly concurrency: number;
}

export const DEFAULT_BROKER_OPTIONS: Omit<BrokerOptions, 'host' | 'port'> = {
  drainTimeoutMs: 5000,
  concurrency: 100,
};
