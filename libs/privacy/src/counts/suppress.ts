/**
 * Small-count suppression: a count with 0 < n < k could single out a person, so it is
 * published as null ("suppressed"). Zero and counts >= k pass unchanged.
 */
export function suppressSmallCount(n: number, k: number): number | null {
  return n > 0 && n < k ? null : n;
}
