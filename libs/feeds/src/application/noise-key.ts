import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NOISE_KEY_FILE = 'aggregate-noise-key';

/** The hub's key for seeding aggregate noise: created once per data dir (mode 0600). */
export function ensureNoiseKey(dataDir: string): Buffer {
  const file = join(dataDir, NOISE_KEY_FILE);
  try {
    const existing = readFileSync(file);
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}
