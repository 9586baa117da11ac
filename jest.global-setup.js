// Some tests start the compiled hub or CLI as a child process (boot failures, SIGTERM, hubctl,
// the demo), exactly as a user would. Build once per test run, before any test starts, and only
// when dist/ is missing or older than the sources (scripts/ensure-built.js), so no test waits
// on a build. Type errors do not stop the emit (and `npm run check` reports them), so a type
// error in one library does not hide the behaviour tests of the others.
import { ensureBuilt } from './scripts/ensure-built.js';

export default function globalSetup() {
  ensureBuilt(
    'dist/apps/hub/src/main.js',
    'dist/apps/hubctl/src/main.js',
    'dist/simulators/demo/main.js',
    'dist/simulators/scheveningen/main.js',
    'dist/simulators/load/main.js',
  );
}
