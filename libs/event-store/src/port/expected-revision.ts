import type { ExpectedRevision } from './append.js';

/** Whether a stream whose last revision is `current` (-1: no stream) satisfies `expected`. */
export function matchesExpectedRevision(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current >= 0;
    default:
      return expected === current;
  }
}
