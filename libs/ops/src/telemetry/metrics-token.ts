import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const METRICS_TOKEN_FILE = 'metrics-token';

/**
 * The token that reads the hub's telemetry (`/metrics`, detailed health): HUB_METRICS_TOKEN, else
 * the one created at first start in `<dataDir>/metrics-token` (mode 0600) and kept. A token of its
 * own, so a Prometheus server holds no key to the readings or the admin API.
 */
export function ensureMetricsToken(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = join(dataDir, METRICS_TOKEN_FILE);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length > 0) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, token + '\n', { mode: 0o600, flag: 'wx' });
  return token;
}
