/** Floor a time (ms since epoch) to a bucket of `seconds`, aligned to 1970-01-01T00:00Z. */
export function floorToBucket(ms: number, seconds: number): number {
  const size = seconds * 1000;
  return Math.floor(ms / size) * size;
}
