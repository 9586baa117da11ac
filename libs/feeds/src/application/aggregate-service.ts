import {
  agreementFor,
  decideAudience,
  type AccessDirectory,
  type AudienceDecision,
  type FeedAccessRecorder,
  type Principal,
} from '@hub/access';
import type { EventStore } from '@hub/event-store';
import type { RuleVersionBook } from '@hub/contracts';
import type { HourlyRow } from '../read-model/hourly-aggregates-query.js';
import type { HoursRequest, ReadQueries } from '../read-model/read-queries.port.js';
import { mergeHours, tailHours } from './aggregate-tail.js';
import { cancellable, StreamCancelledError } from './cancellable.js';
import { sharedCount, type AggregatePolicy, type CountPolicy } from './aggregate-noise.js';
import { exactMeasure, isCounted, type MeasureView } from './hourly-measure.js';
import { tailPart, type TailPart } from './history-tail.js';
import type { LiveSessions } from './live-sessions.js';
import type { LiveTail } from './live-tail.js';
import type { ReadingView } from './reading-view.js';
import { readingsOf } from './tail-views.js';

export interface AggregateView {
  readonly lab: string;
  /** The lamppost, or null for the whole lab. */
  readonly lamppost: string | null;
  readonly kind: string;
  /** Start of the UTC hour. */
  readonly hour: string;
  /** Readings in that hour; null when suppressed. */
  readonly count: number | null;
  readonly suppressed: boolean;
  readonly noisy: boolean;
  /** The agreement this figure is shared under (none for the owner). */
  readonly agreementId: string | null;
  /** The hour's measure (people, LAeq, celsius, ...); null for kinds without one. */
  readonly measure: MeasureView | null;
}

export interface AggregateDeps {
  readonly store: EventStore;
  /** The read models' hourly aggregates (`hours`), on the query worker or the main thread. */
  readonly counts: ReadQueries;
  readonly waitForProjection: (position: number, timeoutMs: number) => Promise<void>;
  /** The head of the log in memory: the readings the read model has not applied yet. */
  readonly tail: LiveTail;
  /** The stamped rule versions compact readings of the tail are resolved with. */
  readonly ruleVersions?: RuleVersionBook;
  /** Told how each aggregates query got its newest readings (the history reads metric). */
  readonly readBy?: (answeredBy: TailPart['from']) => void;
  readonly directory: AccessDirectory;
  readonly recorder: FeedAccessRecorder;
  readonly sessions: LiveSessions;
  readonly policy: AggregatePolicy;
  readonly noiseKey: Buffer;
  readonly clock?: () => number;
  /** How long after an hour ends its aggregate is published live (late readings). */
  readonly graceMs?: number;
}

const HOUR = 3_600_000;
/** How long a read waits for the tail, or else the projections, to reach the head it saw. */
const CATCH_UP_WAIT_MS = 2000;
const hourStart = (ms: number): string => new Date(Math.floor(ms / HOUR) * HOUR).toISOString();

/**
 * Hourly aggregates per lab and kind. Owners and admins get exact counts; a municipality under
 * an agreement gets counts with small-count suppression and Laplace noise (the privacy rules'
 * k and epsilon for that kind).
 */
export class AggregateService {
  private readonly now: () => number;

  constructor(private readonly deps: AggregateDeps) {
    this.now = deps.clock ?? Date.now;
  }

  /** The audience decision for aggregates of `lab`: exact counts or the shared (noisy) ones. */
  authorize(
    principal: Principal,
    lab: string,
    kinds: readonly string[] | undefined,
  ): AudienceDecision {
    return decideAudience(
      this.deps.directory.state,
      principal,
      lab,
      kinds,
      'aggregates',
      this.now(),
    );
  }

  async query(
    principal: Principal,
    lab: string,
    kinds: readonly string[] | undefined,
    from: Date | undefined,
    to: Date | undefined,
    limit: number,
    perLamppost = false,
  ): Promise<AggregateView[]> {
    const decision = this.authorize(principal, lab, kinds);
    const grant = decision.grant;
    if (grant.basis === 'agreement') {
      await this.deps.recorder.record(
        principal,
        grant.agreements,
        kinds ? new Set(kinds) : undefined,
        'query aggregates',
      );
    }
    const { rows, from: answeredBy } = await this.hoursUpToHead(principal.tokenId, {
      lab,
      kinds: kinds ?? (grant.kinds === 'all' ? undefined : [...grant.kinds]),
      bounds: { from: from ? hourStart(from.getTime()) : undefined, to: to?.toISOString() },
      limit,
      perLamppost,
    });
    this.deps.readBy?.(answeredBy);
    return rows.map((r) => this.publish(decision, r));
  }

  /**
   * Closed hours after `afterHour` (catch-up), then each hour as it closes (plus a grace period
   * for late readings). Authorization is re-checked before every emission.
   */
  live(
    principal: Principal,
    lab: string,
    kinds: readonly string[] | undefined,
    afterHour: Date | undefined,
  ): AsyncGenerator<AggregateView, void, void> {
    return cancellable((cancelled) => this.session(principal, lab, kinds, afterHour, cancelled));
  }

  private async *session(
    principal: Principal,
    lab: string,
    kinds: readonly string[] | undefined,
    afterHour: Date | undefined,
    cancelled: AbortSignal,
  ): AsyncGenerator<AggregateView> {
    const session = this.deps.sessions.open(principal.tokenId);
    const signal = AbortSignal.any([session.signal, cancelled]);
    try {
      yield* this.follow(principal, lab, kinds, afterHour, signal);
    } catch (error) {
      if (!(error instanceof StreamCancelledError)) throw error;
    } finally {
      session.close();
    }
  }

  private async *follow(
    principal: Principal,
    lab: string,
    kinds: readonly string[] | undefined,
    afterHour: Date | undefined,
    signal: AbortSignal,
  ): AsyncGenerator<AggregateView> {
    const first = this.authorize(principal, lab, kinds).grant;
    if (first.basis === 'agreement') {
      await this.deps.recorder.record(
        principal,
        first.agreements,
        kinds ? new Set(kinds) : undefined,
        'subscription aggregates',
      );
    }
    const grace = this.deps.graceMs ?? 60_000;
    let after = afterHour ? hourStart(afterHour.getTime()) : '';
    while (!signal.aborted) {
      const decision = this.authorize(principal, lab, kinds);
      const grant = decision.grant;
      const closedBefore = hourStart(this.now() - grace);
      const { rows } = await this.hoursUpToHead(principal.tokenId, {
        lab,
        kinds: kinds ?? (grant.kinds === 'all' ? undefined : [...grant.kinds]),
        bounds: { after, to: closedBefore },
        limit: 1000,
        perLamppost: false,
      });
      for (const r of rows) {
        yield this.publish(decision, r);
        after = r.hour;
      }
      if (rows.length === 1000) continue;
      const nextClose = Date.parse(closedBefore) + HOUR + grace;
      const wait = Math.max(10, Math.min(nextClose - this.now(), 1000));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
    if (signal.reason instanceof Error) throw signal.reason;
  }

  /**
   * The hours of `request` with every reading stored before the call (read your writes), without
   * waiting for the projections (issue 14, decision 0021): the read model's hours up to the
   * checkpoint they were read at, and the hours of the live tail's readings after it
   * (aggregate-tail.ts). Only when the tail does not hold that whole lag, or the lag is more than
   * one read may walk (`TAIL_SCAN_MAX`), does the read wait for the projections and read again.
   */
  private async hoursUpToHead(
    reader: string,
    request: HoursRequest,
  ): Promise<{ rows: HourlyRow[]; from: TailPart['from'] }> {
    const head = await this.deps.store.headPosition();
    const answer = await this.deps.counts.hours(reader, request);
    const part = await tailPart(this.deps.tail, answer.checkpoint, head, CATCH_UP_WAIT_MS);
    if (part.from === 'read-model') return { rows: answer.rows, from: part.from };
    if (part.from === 'tail') {
      const reading = readingsOf(part.events, this.deps.ruleVersions);
      const views: ReadingView[] = [];
      for (const event of part.events) {
        const view = reading(event);
        if (view) views.push(view);
      }
      const rows = mergeHours(answer.rows, tailHours(views, request), request.limit);
      return { rows, from: part.from };
    }
    await this.deps.waitForProjection(head, CATCH_UP_WAIT_MS);
    return { rows: (await this.deps.counts.hours(reader, request)).rows, from: part.from };
  }

  /**
   * One hour as the audience decision allows: exact, or shared. Shared figures follow the rule
   * in force for the kind: the reading count and counted measures (people, motion events) are
   * suppressed below k and carry Laplace noise (1/epsilon), each with its own seeded draw;
   * their per-window min and max are not shared. A measurement (LAeq, celsius) is shared as
   * it is, unless the hour's count is suppressed: then it is suppressed too.
   */
  private publish(decision: AudienceDecision, row: HourlyRow): AggregateView {
    const { lab, lamppost, kind, hour } = row;
    const exact = exactMeasure(kind, row);
    if (decision.copy === 'exact') {
      return {
        lab,
        lamppost,
        kind,
        hour,
        count: row.count,
        suppressed: false,
        noisy: false,
        agreementId: null,
        measure: exact,
      };
    }
    const agreement = agreementFor(decision.grant, kind);
    // A shared decision always rests on an agreement for the kind; none means nothing to serve.
    if (!agreement) {
      const measure = exact && withheld(exact);
      return {
        lab,
        lamppost,
        kind,
        hour,
        count: null,
        suppressed: true,
        noisy: false,
        agreementId: null,
        measure,
      };
    }
    const policy = this.deps.policy(lab, kind);
    const cell = { agreementId: agreement.id, lab, kind, hour };
    const shared = sharedCount(row.count, policy, this.deps.noiseKey, {
      ...cell,
      ...(lamppost !== null && { part: lamppost }),
    });
    const measure =
      exact &&
      this.sharedMeasure(exact, kind, shared.suppressed, policy, {
        ...cell,
        part: `${lamppost ?? ''}\0${exact.name}`,
      });
    return { lab, lamppost, kind, hour, ...shared, agreementId: agreement.id, measure };
  }

  private sharedMeasure(
    exact: MeasureView,
    kind: string,
    countSuppressed: boolean,
    policy: CountPolicy,
    cell: { agreementId: string; lab: string; kind: string; hour: string; part: string },
  ): MeasureView {
    if (!isCounted(kind)) return countSuppressed ? withheld(exact) : exact;
    if (exact.value === null) return { ...exact, min: null, max: null };
    const shared = sharedCount(exact.value, policy, this.deps.noiseKey, cell);
    return {
      ...exact,
      value: shared.count,
      min: null,
      max: null,
      suppressed: shared.suppressed,
      noisy: shared.noisy,
    };
  }
}

/** A measure not shared: its values gone, marked suppressed. */
const withheld = (m: MeasureView): MeasureView => ({
  ...m,
  value: null,
  min: null,
  max: null,
  suppressed: true,
  noisy: false,
});
