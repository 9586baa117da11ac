import type { NewEvent } from '@hub/event-store';
import type { FilteredReading } from '@hub/privacy';
import {
  READING_RECORDED,
  encodeReading,
  readingStreamId,
  type ReadingRecorded,
  type RuleVersions,
} from '@hub/contracts';
import { readingEventId, windowEventId } from '../domain/event-ids.js';
import { isWindowedKind } from '../domain/windowed-kind.js';

/** A fact about to be appended: its id, its stored form, and whether its id derives from the seq. */
export interface PlannedFact {
  readonly id: string;
  readonly data: ReadingRecorded;
  /** True when the id derives from the device's seq (a direct, unwindowed reading). */
  readonly direct: boolean;
}

/** The device message the facts came from. */
export interface SourceMessage {
  readonly lab: string;
  readonly lamppost: string;
  readonly kind: string;
  readonly seq: number;
}

/**
 * The stored form of a filtered fact: the one place that decides what a ReadingRecorded holds
 * (its rule stamp is the fact's own `rule`).
 */
export function toReadingRecorded(
  fact: FilteredReading,
  receivedAt: string,
  seq?: number,
): ReadingRecorded {
  const lamppost = 'lamppost' in fact.location ? fact.location.lamppost : fact.location.gridCell;
  return {
    lab: fact.lab,
    lamppost,
    location: fact.location,
    kind: fact.kind,
    ...(seq !== undefined && { seq }),
    observedAt: fact.observedAt,
    intervalSeconds: fact.intervalSeconds,
    audience: fact.audience,
    values: fact.values,
    rule: fact.rule,
    transforms: fact.transforms,
    receivedAt,
  };
}

/**
 * The facts the filter let through from one device message, with their event ids. A fact of the
 * message's own (unwindowed) kind is direct: it carries the seq and its id derives from device,
 * kind, seq and its index, so a redelivery yields the same id. Every other fact (a window the
 * message closed) is identified by its window. Pure: no I/O, no clock.
 */
export function messageFacts(input: {
  readonly message: SourceMessage;
  readonly facts: readonly FilteredReading[];
  readonly receivedAt: string;
}): PlannedFact[] {
  const { message, receivedAt } = input;
  return input.facts.map((fact, index) => {
    const direct = fact.kind === message.kind && !isWindowedKind(message.kind);
    const data = toReadingRecorded(fact, receivedAt, direct ? message.seq : undefined);
    const id = direct
      ? readingEventId({
          lab: message.lab,
          lamppost: message.lamppost,
          kind: message.kind,
          seq: message.seq,
          index,
        })
      : windowEventId(data);
    return { id, data, direct };
  });
}

/** Facts the filter emitted on its own (windows closed by the clock or at shutdown). Pure. */
export function windowFacts(facts: readonly FilteredReading[], receivedAt: string): PlannedFact[] {
  return facts.map((fact) => {
    const data = toReadingRecorded(fact, receivedAt);
    return { id: windowEventId(data), data, direct: false };
  });
}

/**
 * The ReadingRecorded events to append, grouped by their stream, in the facts' order, each in its
 * compact stored form when `rules` holds its rule version (decision 0013). The ids were derived
 * from the full fact before, so the form does not change them.
 */
export function readingEventsByStream(
  facts: readonly { readonly id: string; readonly data: ReadingRecorded }[],
  rules?: RuleVersions,
): Map<string, NewEvent[]> {
  const byStream = new Map<string, NewEvent[]>();
  for (const { id, data } of facts) {
    const streamId = readingStreamId(data);
    const events = byStream.get(streamId) ?? [];
    events.push({ id, type: READING_RECORDED, data: encodeReading(data, rules) });
    byStream.set(streamId, events);
  }
  return byStream;
}
