import type { MessagePort } from 'node:worker_threads';
import type { HubConfig } from '@hub/config';
import type { ThreadMetrics } from '@hub/ops';
import type { RuleStats } from '@hub/privacy';

/** What the API's thread is started with (decision 0022). */
export interface ApiThreadData {
  /** The node's configuration with the API's roles only. */
  readonly config: HubConfig;
  /** Where the log's writes go: `serveWrites` on the broker's thread (SQLite only). */
  readonly writes?: MessagePort;
  /** The broker's internal HTTP server (loopback): MQTT over WebSocket, /health, /metrics. */
  readonly brokerHttpPort: number;
  /** Path of MQTT over WebSocket, relayed to the broker's thread. */
  readonly websocketPath: string;
  /** Proves to the broker that a relayed upgrade names the device's real address. */
  readonly relaySecret: string;
}

export type ToApiThread =
  | { readonly type: 'stop' }
  | { readonly type: 'totals'; readonly id: number; readonly totals: Record<string, RuleStats> }
  | { readonly type: 'metrics'; readonly id: number };

export type FromApiThread =
  | { readonly type: 'ready'; readonly httpPort: number }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'stopped' }
  /** The node's filter totals, for a privacy officer's query. */
  | { readonly type: 'totals-request'; readonly id: number }
  | { readonly type: 'metrics'; readonly id: number; readonly metrics: ThreadMetrics };
