import { describe } from '@jest/globals';
import {
  hasProgram,
  missingProgramLine,
  type SystemProgram,
} from '../processes/system-programs.js';
import { harnessEnv } from '../processes/harness-env.js';

/**
 * A few interop tests drive Debian programs (tools/processes/system-programs.ts: mosquitto,
 * chromium, PostgreSQL, HAProxy). A fresh machine with only Node and npm does not have them, and
 * README's `npm test` must still pass there, so such a suite is skipped with one visible line
 * naming the package to install. CI (.ci/run) installs the packages and sets
 * HUB_REQUIRE_SYSTEM_PACKAGES=1 (a test-only switch, not hub config): a missing program then
 * fails the suite instead of skipping it, so CI cannot pass by skipping.
 */
export const skipLine = (what: string, program: SystemProgram): string =>
  `SKIPPED: ${missingProgramLine(what, program)}`;

/**
 * `describe` when every program is there; otherwise `describe.skip` after printing one
 * `SKIPPED: <what> needs <program> (apt-get install <package>)` line on stderr, or, under
 * HUB_REQUIRE_SYSTEM_PACKAGES=1, an error that fails the suite.
 */
export function describeWithPrograms(
  what: string,
  programs: readonly SystemProgram[],
): typeof describe {
  const missing = programs.filter((p) => !hasProgram(p));
  if (missing.length === 0) return describe;
  const lines = missing.map((p) => skipLine(what, p));
  if (harnessEnv.requireSystemPackages()) {
    throw new Error(`${lines.join('\n')}\nHUB_REQUIRE_SYSTEM_PACKAGES=1 forbids skipping it.`);
  }
  // stderr, not console.warn: one plain line that shows in Jest's output as it is.
  process.stderr.write(lines.join('\n') + '\n');
  return describe.skip as typeof describe;
}
