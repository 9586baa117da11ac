import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type AllStreamRecordedEvent,
  type AppendExpectedRevision,
  type CurrentRevision,
  type Position,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import type { ExpectedRevision } from '../port/append.js';
import type { RecordedEvent } from '../port/event.js';

/**
 * `$all` positions are a pair of byte offsets in the server's transaction log, `{ commit, prepare }`.
 * The port's position is the PREPARE position as a number:
 * - it is distinct and increasing for every event, including each event of a multi-event append
 *   (servers that report the transaction's start as `commit` give all events of one append the
 *   same commit position, so `commit` alone would not be strictly increasing);
 * - it is exact as a JavaScript number up to 2^53 bytes of log (9 PB);
 * - to resume, the adapter rebuilds `{ commit: p, prepare: p }`. That is exact whenever the server
 *   reports commit == prepare (what current servers report for gRPC appends). A server reporting
 *   commit < prepare would make a cursor in the middle of a multi-event append resume after that
 *   append; the adapter logs a warning the first time it sees such an event, and the contract
 *   suite has a test ("resumes inside a multi-event append") that fails on such a server.
 */
export function toPortPosition(position: Position): number {
  return Number(position.prepare);
}

export function toEsdbPosition(position: number): Position {
  const p = BigInt(position);
  return { commit: p, prepare: p };
}

export function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

export function fromCurrentRevision(current: CurrentRevision): number {
  return current === NO_STREAM ? -1 : Number(current);
}

/** Events of system streams and system types (`$`-prefixed) are the server's, not the hub's. */
export function isSystemEvent(event: EsdbRecordedEvent): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

export function toRecordedEvent(event: EsdbRecordedEvent, position: Position): RecordedEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    type: event.type,
    revision: Number(event.revision),
    position: toPortPosition(position),
    data: decode(event.data, event.isJson),
    metadata: toMetadata(event.metadata),
    recordedAt: event.created.toISOString(),
  };
}

export function fromAllEvent(event: AllStreamRecordedEvent): RecordedEvent {
  return toRecordedEvent(event, event.position);
}

function decode(data: unknown, isJson: boolean): unknown {
  if (!isJson && data instanceof Uint8Array) return JSON.parse(Buffer.from(data).toString('utf8'));
  return data;
}

function toMetadata(metadata: unknown): Readonly<Record<string, unknown>> {
  if (metadata && typeof metadata === 'object' && !(metadata instanceof Uint8Array)) {
    return metadata as Record<string, unknown>;
  }
  return {};
}
