import { InvalidInputError } from './access-errors.js';

/** Municipality ids follow the lab id grammar (libs/ingest/src/domain/topic.ts). */
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function assertId(kind: 'municipality' | 'lab' | 'kind', value: string): string {
  if (!ID.test(value)) {
    throw new InvalidInputError(
      `${kind} id "${value.slice(0, 80)}" is not valid: use 1 to 64 lowercase letters, digits, "-" and "_", starting with a letter or digit`,
    );
  }
  return value;
}
