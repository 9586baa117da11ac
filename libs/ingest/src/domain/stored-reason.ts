import type { Rejection } from '@hub/contracts';

/** Longest reason the log keeps; the device got the whole message in its reply. */
const MAX_REASON = 300;

/**
 * A refusal's message as the log keeps it, for the device's partner (partner board): the hub's
 * own words. The JSON parser's message quotes the payload around the error, so for INVALID_JSON
 * only the position is kept; every other message is built by the hub from names and limits
 * (device-chosen field names are bounded where they are quoted, see unknown-fields.ts).
 */
export function storedReason(rejection: Rejection): string {
  if (rejection.code === 'INVALID_JSON') {
    const at = /position (\d+)/.exec(rejection.message);
    return `payload is not valid JSON${at ? ` (at position ${at[1]})` : ''}`;
  }
  const { message } = rejection;
  return message.length > MAX_REASON ? `${message.slice(0, MAX_REASON)}...` : message;
}
