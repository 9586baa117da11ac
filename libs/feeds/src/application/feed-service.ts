import {
  SHARING_REVOKED,
  TOKEN_REVOKED,
  FeedForbiddenError,
  type AccessDirectory,
  type FeedAccessRecorder,
  type Principal,
  type SharingRevoked,
} from '@hub/access';
import type { EventStore, RecordedEvent } from '@hub/event-store';
import { READING_RECORDED, RULE_VERSION_STAMP_TYPES, type RuleVersionBook } from '@hub/contracts';
import type { ReadQueries } from '../read-model/read-queries.port.js';
import type { HistoryPage, LabScopes, PageRequest } from '../read-model/readings-query.js';
import { decodeCursor } from './cursor.js';
import { PageSizeError, PaginationError } from './feed-errors.js';
import { feedScope, inScope, scopeFilter, type FeedScope } from './feed-scope.js';
import { cancellable, StreamCancelledError } from './cancellable.js';
import { followLog } from './follow-log.js';
import { pageWithTail, selects, tailPart, tailReadings, type TailPart } from './history-tail.js';
import type { LiveSessions } from './live-sessions.js';
import type { LiveTail } from './live-tail.js';
import { cachedView, isStamp, noteStamp, readingsOf } from './tail-views.js';
import { PushSlot } from './push.js';
import { matches, type ReadingQuery, type ReadingView } from './reading-view.js';

export interface FeedOptions {
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  /** How long a history query waits for the read model to reach the log's head (read your writes). */
  readonly catchUpWaitMs: number;
  /** Events a live subscriber may fall behind before it is closed. */
  readonly maxBacklog: number;
}

export interface PageArgs {
  readonly first?: number;
  readonly after?: string;
  readonly last?: number;
  readonly before?: string;
}

export interface ReadingsPage {
  readonly items: readonly ReadingView[];
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  /**
   * Set when a time-filtered page came back short at the scan limit: the position to go on from
   * (the next page's `before` backwards, `after` forwards); it may lie before the first item.
   */
  readonly resumeAt?: number;
}

export interface FeedDeps {
  readonly store: EventStore;
  /** The read models' history pages (`readings`), on the query worker or the main thread. */
  readonly history: ReadQueries;
  readonly waitForProjection: (position: number, timeoutMs: number) => Promise<void>;
  /** The position the read models have applied: readings after it come from the live tail. */
  readonly readModelCheckpoint: () => number;
  /** Told how each history read got its newest readings (a metric). */
  readonly historyReadBy?: (answeredBy: TailPart['from']) => void;
  readonly directory: AccessDirectory;
  readonly recorder: FeedAccessRecorder;
  readonly tail: LiveTail;
  readonly sessions: LiveSessions;
  readonly clock?: () => number;
  /**
   * The stamped rule versions (RULE_VERSIONS) compact readings are resolved with: governance
   * fills it from the log at boot and as it follows; a stream records the stamps it passes too,
   * so a version stamped after the stream's start is known before a reading names it.
   */
  readonly ruleVersions?: RuleVersionBook;
}

/**
 * Event types a reading stream follows: readings, the access events that can end it, and the
 * rule version stamps its compact readings are resolved with.
 */
export const STREAM_EVENT_TYPES = [
  READING_RECORDED,
  SHARING_REVOKED,
  TOKEN_REVOKED,
  ...RULE_VERSION_STAMP_TYPES,
] as const;

/** Feeds use cases: authorized history pages from the read model, live streams from the log. */
export class FeedService {
  private readonly now: () => number;

  constructor(
    private readonly deps: FeedDeps,
    private readonly options: FeedOptions,
  ) {
    this.now = deps.clock ?? Date.now;
  }

  accessState() {
    return this.deps.directory.state;
  }

  /** The scope of a read, refused with a reason for a forbidden lab or kind. */
  scope(
    principal: Principal,
    q: Pick<ReadingQuery, 'lab' | 'kind'>,
    level: 'readings' | 'aggregates',
  ): FeedScope {
    return feedScope(this.deps.directory.state, principal, q, level, this.now());
  }

  async readings(principal: Principal, q: ReadingQuery, args: PageArgs): Promise<ReadingsPage> {
    if (
      (args.first !== undefined || args.after !== undefined) &&
      (args.last !== undefined || args.before !== undefined)
    ) {
      throw new PaginationError('page forwards (first/after) or backwards (last/before), not both');
    }
    const backwards = args.last !== undefined || args.before !== undefined;
    const limit = (backwards ? args.last : args.first) ?? this.options.defaultPageSize;
    if (!Number.isInteger(limit) || limit < 1 || limit > this.options.maxPageSize) {
      throw new PageSizeError(limit, this.options.maxPageSize);
    }
    const cursor = decodeCursor(backwards ? args.before : args.after);
    const scope = this.scope(principal, q, 'readings');
    await this.attribute(principal, scope, q.kind, 'query readings');
    const scopes: LabScopes = scopeFilter(scope);
    const read = await this.historyReader(principal, q, scopes);
    // The page and a look past the cursor the other way (is there anything on the far side?
    // A walk that stopped at the scan limit may have: say so, and let the client look).
    // Both reads end before the field answers, also when one is refused (SERVER_BUSY): a read
    // still queued after the answer would hold the token's place in the query line.
    const [pageRead, farRead] = await Promise.allSettled([
      read({ direction: backwards ? 'backwards' : 'forwards', cursor, limit: limit + 1 }),
      cursor === undefined
        ? undefined
        : read({
            direction: backwards ? 'forwards' : 'backwards',
            cursor: backwards ? cursor - 1 : cursor + 1,
            limit: 1,
          }),
    ]);
    if (pageRead.status === 'rejected') throw pageRead.reason;
    if (farRead.status === 'rejected') throw farRead.reason;
    const [page, far] = [pageRead.value, farRead.value];
    const rows = page.views;
    const extra = rows.length > limit;
    const items = backwards ? rows.slice(extra ? 1 : 0) : rows.slice(0, limit);
    // A page cut short by the scan limit has more on its far side, from where the walk stopped.
    const more = extra || page.frontier !== undefined;
    const beyond = far !== undefined && (far.views.length > 0 || far.frontier !== undefined);
    const resumeAt = page.frontier;
    return backwards
      ? { items, hasPreviousPage: more, hasNextPage: beyond, resumeAt }
      : { items, hasNextPage: more, hasPreviousPage: beyond, resumeAt };
  }

  /**
   * How a history read gets its pages with everything up to the head it sees now (read your
   * writes): the read model alone once it has applied that head; otherwise the read model up to
   * its checkpoint and the live tail after it (history-tail.ts), so a query does not wait for the
   * projections; and only when the tail cannot give that part (or it is more than one read may
   * walk, `TAIL_SCAN_MAX`), after waiting for them.
   */
  private async historyReader(
    principal: Principal,
    q: ReadingQuery,
    scopes: LabScopes,
  ): Promise<(request: PageRequest) => Promise<HistoryPage>> {
    const head = await this.deps.store.headPosition();
    const part = await tailPart(
      this.deps.tail,
      this.deps.readModelCheckpoint(),
      head,
      this.options.catchUpWaitMs,
    );
    this.deps.historyReadBy?.(part.from);
    const fromReadModel = (request: PageRequest) =>
      this.deps.history.readings(principal.tokenId, q, scopes, request);
    if (part.from === 'read-model') return fromReadModel;
    if (part.from === 'wait') {
      await this.deps.waitForProjection(head, this.options.catchUpWaitMs);
      return fromReadModel;
    }
    const reading = readingsOf(part.events, this.deps.ruleVersions);
    const tail = tailReadings(part.events, (event) => {
      const view = reading(event);
      return view && selects(scopes, q, view) ? view : undefined;
    });
    return (request) => pageWithTail(fromReadModel, tail, part.checkpoint, request);
  }

  /**
   * A live feed is a read of the event log from a cursor: catch up after `after`, then follow
   * new events, in log order, with no gap and no duplicate. Authorization is checked per event:
   * an agreement that expires or is revoked ends the stream with an error at that point.
   * Once live, its consumer may have the readings pushed to it (push.ts).
   */
  async live(
    principal: Principal,
    q: ReadingQuery,
    after: string | undefined,
  ): Promise<AsyncGenerator<ReadingView>> {
    const cursor = decodeCursor(after) ?? 0;
    const scope = this.scope(principal, q, 'readings');
    await this.attribute(principal, scope, q.kind, 'subscription readings');
    const push = new PushSlot<ReadingView>();
    return cancellable(
      (cancelled) =>
        this.stream(
          principal,
          scope,
          cursor,
          cancelled,
          (event) => {
            const view = cachedView(event, this.deps.ruleVersions);
            if (!matches(view, q)) return undefined;
            return inScope(
              scope,
              view.lab,
              view.kind,
              view.audience,
              event.position,
              event.recordedAt,
            )
              ? view
              : undefined;
          },
          push,
        ),
      push,
    );
  }

  /** Follows the log for one subscriber, ending it when its token or an agreement ends. */
  async *stream<T>(
    principal: Principal,
    scope: FeedScope,
    after: number,
    cancelled: AbortSignal,
    onReading: (event: RecordedEvent) => T | undefined,
    push?: PushSlot<T>,
  ): AsyncGenerator<T> {
    const session = this.deps.sessions.open(principal.tokenId);
    const signal = AbortSignal.any([session.signal, cancelled]);
    const ids = new Set(scope.agreements.map((a) => a.id));
    const earliestEnd = Math.min(...scope.agreements.map((a) => Date.parse(a.until)));
    let expiryHead: number | undefined;
    try {
      yield* followLog<T>({
        store: this.deps.store,
        tail: this.deps.tail,
        after,
        eventTypes: STREAM_EVENT_TYPES,
        signal,
        maxBacklog: this.options.maxBacklog,
        push,
        handle: (event) => {
          if (event.type === READING_RECORDED) return onReading(event);
          if (isStamp(event)) {
            noteStamp(event, this.deps.ruleVersions);
            return undefined;
          }
          if (
            event.type === SHARING_REVOKED &&
            ids.has((event.data as SharingRevoked).agreementId)
          ) {
            const a = scope.agreements.find(
              (x) => x.id === (event.data as SharingRevoked).agreementId,
            );
            throw new FeedForbiddenError(
              'AGREEMENT_REVOKED',
              `the agreement ${a?.id ?? '?'} for lab "${a?.lab ?? '?'}" was revoked; this stream ends here`,
            );
          }
          return undefined;
        },
        // Only a stream that relies on an agreement can expire (a pushed one checks every second).
        onIdle: !Number.isFinite(earliestEnd)
          ? undefined
          : async (position) => {
              // Caught up: once an agreement's end has passed, everything recorded before it has
              // been delivered when the cursor reaches the head as it was at that moment.
              if (!(this.now() >= earliestEnd)) return;
              expiryHead ??= await this.deps.store.headPosition();
              if (position >= expiryHead) {
                const a = scope.agreements.find((x) => Date.parse(x.until) === earliestEnd);
                throw new FeedForbiddenError(
                  'AGREEMENT_EXPIRED',
                  `the agreement ${a?.id ?? '?'} for lab "${a?.lab ?? '?'}" expired at ${a?.until ?? '?'}; this stream ends here`,
                );
              }
            },
      });
    } catch (error) {
      if (!(error instanceof StreamCancelledError)) throw error;
    } finally {
      session.close();
    }
  }

  /** Records one access event per agreement the read relies on, before any data is served. */
  async attribute(
    principal: Principal,
    scope: FeedScope,
    kind: string | undefined,
    operation: string,
  ): Promise<void> {
    if (scope.agreements.length === 0) return;
    await this.deps.recorder.record(
      principal,
      scope.agreements,
      kind ? new Set([kind]) : undefined,
      operation,
    );
  }
}
