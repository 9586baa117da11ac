/** Settles like `promise`, or rejects with `what` once `ms` have passed: a bound, not a benchmark. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** GET `/health/live` of a hub; resolves with the HTTP status. */
export async function live(httpPort: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${httpPort}/health/live`);
  await response.arrayBuffer();
  return response.status;
}

/** Polls a condition until it holds, failing with what was awaited (shared with libs' tests). */
export { waitUntil, type WaitOptions } from '../../../../tools/test/wait-until.js';
