/**
 * What the tools, tests and benchmarks take from their own environment, read here only (the
 * hub's settings are read in libs/config; eslint.config.js refuses `process.env` elsewhere). None
 * of these is hub configuration: they are switches of the harness that starts hubs.
 */
export const harnessEnv = {
  /**
   * The environment of a child started with only the settings it is given: PATH, so that it
   * finds `node` and the system programs, and HOME (npm and npx need one).
   */
  clean(): Record<string, string> {
    return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
  },
  /** The whole environment, for a child that runs as the user's own shell would start it. */
  inherited(): NodeJS.ProcessEnv {
    return { ...process.env };
  },
  /** CI sets HUB_REQUIRE_SYSTEM_PACKAGES=1: a missing Debian program fails its suite. */
  requireSystemPackages(): boolean {
    return process.env.HUB_REQUIRE_SYSTEM_PACKAGES === '1';
  },
  /** A PostgreSQL server for the tests instead of a throwaway one (HUB_TEST_POSTGRES_URL). */
  testPostgresUrl(): string | undefined {
    return process.env.HUB_TEST_POSTGRES_URL || undefined;
  },
  /** A PostgreSQL server for the store benchmark (HUB_BENCH_POSTGRES_URL). */
  benchPostgresUrl(): string | undefined {
    return process.env.HUB_BENCH_POSTGRES_URL || undefined;
  },
  /** An EventStoreDB server for its contract tests (HUB_EVENTSTORE_URL); skipped without. */
  eventStoreDbUrl(): string | undefined {
    return process.env.HUB_EVENTSTORE_URL || undefined;
  },
};
