/**
 * Raised when the event store fails a call the ingest path depends on (an append, or the look-up
 * of a message's event ids): the only failure that withholds the PUBACK (the device keeps the
 * message and retries). Every other failure becomes a refusal.
 */
export class StoreFailure extends Error {
  constructor(cause: unknown) {
    super(`event store append failed: ${String(cause)}`, { cause });
    this.name = 'StoreFailure';
  }
}

/** Runs a store call; its failure becomes a StoreFailure. */
export async function durably<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof StoreFailure ? error : new StoreFailure(error);
  }
}
