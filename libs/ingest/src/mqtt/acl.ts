import { SENSOR_KINDS, type DeviceIdentity } from '@hub/contracts';

/**
 * The reply level of ACL refusals: a device that publishes outside its prefix hears why on
 * `{prefix}acl/rejected` (docs/mqtt-listeners.md). Not a sensor kind, so nobody publishes to it.
 */
export const ACL_REPLY_LEVEL = 'acl';

/**
 * Invariant: a device is granted only filters it can use. Its own known kinds' reply topics, the
 * ACL reply topic, and `+` for all of them: at most `SENSOR_KINDS.length + 2` distinct filters,
 * whatever it asks for (before, any kind-shaped name was granted, so one device could hold
 * hundreds of thousands of filters).
 */
const REPLY_LEVELS: ReadonlySet<string> = new Set([...SENSOR_KINDS, ACL_REPLY_LEVEL, '+']);

/**
 * Topic rules for a device (pure, so the ACL matrix is testable without a broker):
 * - publish: only `labs/{lab}/lampposts/{own id}/{kind}`, never a `/rejected` reply topic;
 * - subscribe: only its own replies, `{prefix}{known kind or acl}/rejected` or `{prefix}+/rejected`.
 * `$`-topics (e.g. `$SYS/#`) are never allowed to devices.
 */
export function canPublish(device: DeviceIdentity, topic: string): boolean {
  if (!topic.startsWith(device.topicPrefix)) return false;
  const rest = topic.slice(device.topicPrefix.length);
  return rest.length > 0 && !rest.includes('/');
}

/** A filter is allowed only when every topic it can match is allowed (wildcards included). */
export function canSubscribe(device: DeviceIdentity, filter: string): boolean {
  if (!filter.startsWith(device.topicPrefix)) return false;
  const levels = filter.slice(device.topicPrefix.length).split('/');
  return levels.length === 2 && REPLY_LEVELS.has(levels[0]) && levels[1] === 'rejected';
}

/** Where a device hears that a publish was outside its prefix. */
export const aclReplyTopic = (device: DeviceIdentity): string =>
  `${device.topicPrefix}${ACL_REPLY_LEVEL}/rejected`;
