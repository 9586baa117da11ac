import type { NewEvent } from './event.js';
import { InvalidAppendError } from './errors.js';

/**
 * Refuses appends every adapter would refuse, before they reach a queue or a server, so both
 * adapters fail the same way on the same bad input.
 */
export function validateAppend(streamId: string, events: readonly NewEvent[]): void {
  if (typeof streamId !== 'string' || streamId.trim() === '') {
    throw new InvalidAppendError('stream id must be a non-empty string');
  }
  if (events.length === 0) {
    throw new InvalidAppendError(`append to "${streamId}" carries no events`);
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (typeof event.id !== 'string' || event.id === '') {
      throw new InvalidAppendError(`append to "${streamId}" has an event without an id`);
    }
    if (typeof event.type !== 'string' || event.type === '') {
      throw new InvalidAppendError(`event ${event.id} in "${streamId}" has no type`);
    }
    if (seen.has(event.id)) {
      throw new InvalidAppendError(
        `event id ${event.id} appears twice in one append to "${streamId}"`,
      );
    }
    seen.add(event.id);
  }
}
