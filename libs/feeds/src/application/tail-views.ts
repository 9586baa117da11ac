import type { RecordedEvent } from '@hub/event-store';
import {
  READING_RECORDED,
  RULE_VERSION_STAMP_TYPES,
  type RuleVersionBook,
  type RuleVersionStamped,
} from '@hub/contracts';
import { resolveRuleVersion, type RuleSet } from '@hub/privacy';
import { toReadingView } from './live-readings.js';
import type { ReadingView } from './reading-view.js';

const STAMP_TYPES: ReadonlySet<string> = new Set(RULE_VERSION_STAMP_TYPES);

const viewCache = new WeakMap<RecordedEvent, ReadingView>();
/** One decoded view per event, shared by every subscriber and read that receives it. */
export function cachedView(event: RecordedEvent, rules: RuleVersionBook | undefined): ReadingView {
  let view = viewCache.get(event);
  if (!view) viewCache.set(event, (view = toReadingView(event, rules)));
  return view;
}

/** Whether `event` stamps a rule version (compact readings after it may name that version). */
export const isStamp = (event: RecordedEvent): boolean => STAMP_TYPES.has(event.type);

/** A rule version stamp passed in the log: compact readings after it name that version. */
export function noteStamp(event: RecordedEvent, rules: RuleVersionBook | undefined): void {
  const v = event.data as RuleVersionStamped;
  rules?.record(v.lab, resolveRuleVersion(v.content as RuleSet, v.hash));
}

/**
 * The readings of a run of the live tail's events (in log order), decoded once each. The stamps
 * among them are recorded first: a reading of the run may name a version stamped just before it.
 */
export function readingsOf(
  events: readonly RecordedEvent[],
  rules: RuleVersionBook | undefined,
): (event: RecordedEvent) => ReadingView | undefined {
  for (const event of events) if (isStamp(event)) noteStamp(event, rules);
  return (event) => (event.type === READING_RECORDED ? cachedView(event, rules) : undefined);
}
