import type { RecordedEvent } from '@hub/event-store';
import { decodeReading, type RuleVersions } from '@hub/contracts';
import type { ReadingView } from './reading-view.js';

/** The feeds' view of a stored reading; the record may carry more (e.g. rule provenance). */
export const toReadingView = (
  event: RecordedEvent,
  rules: RuleVersions | undefined,
): ReadingView => {
  const r = decodeReading(event, rules);
  return {
    position: event.position,
    lab: r.lab,
    lamppost: r.lamppost,
    kind: r.kind,
    observedAt: r.observedAt,
    values: r.values,
    audience: r.audience,
    rule: r.rule,
    transforms: r.transforms,
    intervalSeconds: r.intervalSeconds,
  };
};
