import { startChildHub, type ChildHub } from '../../../../tools/processes/child-hub.js';
import { within } from './deadline.js';
import { removeDir, tempDataDir } from './test-hub.js';

/** A built hub in its own process, on a fresh data dir, with a fixed admin token. */
export interface AdminChildHub extends ChildHub {
  readonly dataDir: string;
  /** Stops the hub (killed after 15 s: a frozen hub ignores SIGTERM) and removes its data dir. */
  close(): Promise<void>;
}

export async function startAdminChildHub(
  adminToken: string,
  env: Record<string, string> = {},
): Promise<AdminChildHub> {
  const dataDir = tempDataDir();
  const hub = await startChildHub({ HUB_DATA_DIR: dataDir, HUB_ADMIN_TOKEN: adminToken, ...env });
  return {
    ...hub,
    dataDir,
    async close() {
      await within(hub.stop(), 15_000, 'hub stop').catch(() => process.kill(hub.pid, 'SIGKILL'));
      removeDir(dataDir);
    },
  };
}
