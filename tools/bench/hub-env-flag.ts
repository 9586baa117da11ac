/**
 * The benches' `--hub-env K=V` flags (repeatable) as settings for the hub they start, e.g.
 * `--hub-env HUB_API_THREAD=main` to measure the other placement in the same build.
 */
export function hubEnvFlags(flags: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    flags.map((kv) => {
      const eq = kv.indexOf('=');
      if (eq < 1) throw new Error(`--hub-env expects KEY=VALUE, got ${kv}`);
      return [kv.slice(0, eq), kv.slice(eq + 1)];
    }),
  );
}
