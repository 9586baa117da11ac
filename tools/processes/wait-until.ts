/** How long to wait for a condition, and what it is (named in the failure). */
export interface WaitOptions {
  /** What is awaited, e.g. "the DeviceConnected event in the log". */
  readonly what: string;
  /** Give up after this long; generous, because test machines are busy. Default 30 s. */
  readonly timeoutMs?: number;
  /** Check this often. Default 50 ms. */
  readonly intervalMs?: number;
}

/**
 * Resolves with the first truthy value of `condition`, checked every `intervalMs`; rejects
 * naming `what` (and the last error the check threw) once `timeoutMs` have passed. A wait for
 * something to happen, never an assertion on how fast it happened.
 */
export async function waitUntil<T>(
  condition: () => T | Promise<T>,
  { what, timeoutMs = 30_000, intervalMs = 50 }: WaitOptions,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last check threw: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
