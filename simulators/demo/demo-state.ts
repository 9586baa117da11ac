import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CredentialMap } from '../shared/credentials.js';

/**
 * What the demo keeps between runs in its data dir (mode 0600: it holds device passwords and a
 * token). A device password is shown only once, so without this file a second run would have to
 * rotate every device's credentials.
 */
interface StoredState {
  readonly devices: Record<string, { username: string; password: string }>;
  readonly municipalityToken?: string;
}

export interface DemoState {
  readonly devices: CredentialMap;
  readonly municipalityToken?: string;
}

export const DEMO_STATE_FILE = 'demo-devices.json';

export function readDemoState(dataDir: string): DemoState {
  let stored: StoredState;
  try {
    stored = JSON.parse(readFileSync(join(dataDir, DEMO_STATE_FILE), 'utf8')) as StoredState;
  } catch {
    return { devices: new Map() };
  }
  return {
    devices: new Map(Object.entries(stored.devices ?? {})),
    municipalityToken: stored.municipalityToken,
  };
}

export function writeDemoState(dataDir: string, state: DemoState): void {
  const stored: StoredState = {
    devices: Object.fromEntries(state.devices),
    municipalityToken: state.municipalityToken,
  };
  const file = join(dataDir, DEMO_STATE_FILE);
  writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600); // `mode` applies only when the file is created
}
