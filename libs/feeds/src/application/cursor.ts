import { HubError } from '@hub/contracts';

/** Thrown for a cursor that is not a log position; surfaces as a GraphQL BAD_USER_INPUT error. */
export class InvalidCursorError extends HubError {
  readonly code = 'BAD_USER_INPUT';
  override readonly reason = 'INVALID_CURSOR';
  constructor(readonly cursor: string) {
    super(
      `cursor "${cursor}" is not valid: use the cursor of a reading (a log position, e.g. "42")`,
    );
  }
}

/** Cursors are the decimal log position: stable across restarts, comparable, and honest. */
export const encodeCursor = (position: number): string => String(position);

export function decodeCursor(cursor: string | undefined | null): number | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  if (!/^(0|[1-9][0-9]{0,15})$/.test(cursor)) throw new InvalidCursorError(cursor);
  const position = Number(cursor);
  if (!Number.isSafeInteger(position)) throw new InvalidCursorError(cursor);
  return position;
}
