/** The caller asked for more than one page may hold. */
export class PageSizeError extends Error {
  readonly code = 'PAGE_SIZE_EXCEEDED';
  constructor(
    readonly requested: number,
    readonly max: number,
  ) {
    super(`first must be between 1 and ${max}; got ${requested}`);
    this.name = 'PageSizeError';
  }
}
