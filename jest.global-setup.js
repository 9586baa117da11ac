// Some tests start the compiled hub or CLI as a child process (boot failures, SIGTERM, hubctl),
// exactly as a user would. Build once per test run; tsc is incremental, so this is quick when
// nothing changed. Type errors do not stop the emit (and `npm run check` reports them), so a
// type error in one library does not hide the behaviour tests of the others.
import { execSync } from 'node:child_process';

export default function globalSetup() {
  try {
    execSync('npx tsc -p tsconfig.build.json', { stdio: 'pipe' });
  } catch {
    process.stderr.write(
      'jest global setup: tsc reported type errors (see npm run check); using what it emitted\n',
    );
  }
  execSync('npx tsc-alias -p tsconfig.build.json', { stdio: 'inherit' });
}
