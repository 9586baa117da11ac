import type { HubEnvironment } from './hub-environment.js';

/** The validated configuration, in the shape the rest of the hub uses. */
export interface HubConfig {
  readonly mqtt: { readonly host: string; readonly port: number };
  readonly http: { readonly host: string; readonly port: number };
  readonly dataDir: string;
  readonly logLevel: HubEnvironment['HUB_LOG_LEVEL'];
  readonly eventStore: {
    readonly kind: HubEnvironment['HUB_EVENT_STORE'];
    readonly eventStoreDbUrl?: string;
    readonly sqlite: {
      readonly file: string;
      readonly synchronous: HubEnvironment['HUB_STORE_SYNCHRONOUS'];
      readonly groupCommitWindowMs: number;
      readonly groupCommitMaxEvents: number;
    };
  };
  /** The feeds' read models (a cache of the log: safe to delete, rebuilt on start). */
  readonly readModels: { readonly file: string };
  readonly adminToken?: string;
}

export const HUB_CONFIG = Symbol('HUB_CONFIG');
