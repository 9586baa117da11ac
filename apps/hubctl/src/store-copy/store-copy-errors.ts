/** Codes of `hubctl store copy` refusals and failures: stable, printed before the reason. */
export type StoreCopyErrorCode =
  | 'BAD_STORE_URL'
  | 'SAME_STORE'
  | 'SOURCE_MISSING'
  | 'TARGET_NOT_PREFIX'
  | 'COPY_MISMATCH'
  | 'CHAIN_BROKEN';

/** A copy that was refused or did not verify; nothing already in the target was changed by it. */
export class StoreCopyError extends Error {
  constructor(
    readonly code: StoreCopyErrorCode,
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
    this.name = 'StoreCopyError';
  }
}
