import type { DeviceIdentity } from './device-access.js';

/**
 * Topic rules for a device (pure, so the ACL matrix is testable without a broker):
 * - publish: only `labs/{lab}/lampposts/{own id}/{kind}`, never a `/rejected` reply topic;
 * - subscribe: only its own rejection replies, `{prefix}{kind}/rejected` or `{prefix}+/rejected`.
 * `$`-topics (e.g. `$SYS/#`) are never allowed to devices.
 */
export function canPublish(device: DeviceIdentity, topic: string): boolean {
  if (!topic.startsWith(device.topicPrefix)) return false;
  const rest = topic.slice(device.topicPrefix.length);
  return rest.length > 0 && !rest.includes('/');
}

const KIND_LEVEL = /^([a-z0-9][a-z0-9_-]{0,63}|\+)$/;

/** A filter is allowed only when every topic it can match is allowed (wildcards included). */
export function canSubscribe(device: DeviceIdentity, filter: string): boolean {
  if (!filter.startsWith(device.topicPrefix)) return false;
  const levels = filter.slice(device.topicPrefix.length).split('/');
  return levels.length === 2 && KIND_LEVEL.test(levels[0]) && levels[1] === 'rejected';
}
