import { join, resolve } from 'node:path';
import type { HubConfig } from './hub-config.js';

/** The files the hub keeps under its data dir: named here only. */
export const dataDirFiles = (dataDir: string) => ({
  events: join(dataDir, 'events.sqlite'),
  readModels: join(dataDir, 'read-models.sqlite'),
  /** Holds the data dir's OS-level lock; nothing else may open it (see data-dir-lock.ts). */
  lock: join(dataDir, 'hub.lock'),
  /** Who holds the lock: pid, what it is, its ports (JSON). Read only when the lock is refused. */
  holder: join(dataDir, 'hub.lock.json'),
});

/** The same configuration pointed at another data dir (offline tools' `--data-dir`). */
export function withDataDir(config: HubConfig, dir: string): HubConfig {
  const dataDir = resolve(dir);
  const files = dataDirFiles(dataDir);
  return {
    ...config,
    dataDir,
    eventStore: {
      ...config.eventStore,
      sqlite: { ...config.eventStore.sqlite, file: files.events },
    },
    readModels: { ...config.readModels, file: files.readModels },
  };
}
