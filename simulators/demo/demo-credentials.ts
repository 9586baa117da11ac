import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DemoCredentials {
  /** A municipality token (the lab's owner, den-haag): what a municipality would use. */
  readonly token: string;
  readonly tokenRole: 'municipality';
  readonly municipality: string;
  /** Where the admin token is (hubctl and the partner API need it); not the token itself. */
  readonly adminTokenFile: string;
  readonly graphqlHttp: string;
  readonly graphqlWs: string;
  readonly mqtt: string;
  readonly lab: string;
}

/** Written to `<dataDir>/demo-credentials.json` (mode 0600) so a newcomer can try the API at once. */
export function writeDemoCredentials(dataDir: string, credentials: DemoCredentials): string {
  const file = join(dataDir, 'demo-credentials.json');
  writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600); // `mode` applies only when the file is created
  return file;
}
