import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DemoCredentials {
  /** A token that can read the demo feeds (today: the admin token). */
  readonly token: string;
  readonly graphqlHttp: string;
  readonly graphqlWs: string;
  readonly mqtt: string;
  readonly lab: string;
}

/** Written to `<dataDir>/demo-credentials.json` (mode 0600) so a newcomer can try the API at once. */
export function writeDemoCredentials(dataDir: string, credentials: DemoCredentials): string {
  const file = join(dataDir, 'demo-credentials.json');
  writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return file;
}
