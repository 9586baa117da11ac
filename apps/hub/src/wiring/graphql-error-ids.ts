import { randomUUID } from 'node:crypto';

/**
 * The id under which a fault was logged, by the thrown object: the exception filter logs a
 * resolver's fault with its field and token and gives it an id; the formatter sends that id to
 * the client (or, for a fault no filter saw, such as a stream's, makes one and logs it itself).
 */
const ids = new WeakMap<object, string>();

export function errorIdOf(cause: unknown): { readonly id: string; readonly logged: boolean } {
  const known = typeof cause === 'object' && cause !== null ? ids.get(cause) : undefined;
  return known !== undefined ? { id: known, logged: true } : { id: randomUUID(), logged: false };
}

export function rememberErrorId(cause: unknown, id: string): void {
  if (typeof cause === 'object' && cause !== null) ids.set(cause, id);
}
