// Some tests start the compiled hub or CLI as a child process (boot failures, SIGTERM, hubctl),
// exactly as a user would. Build once per test run; tsc is incremental, so this is quick when
// nothing changed.
import { execSync } from 'node:child_process';

export default function globalSetup() {
  execSync('npm run build --silent', { stdio: 'inherit' });
}
