import {
  agreementFor,
  decideAudience,
  type AccessDirectory,
  type AudienceDecision,
  type FeedAccessRecorder,
  type Principal,
} from '@hub/access';
import type { EventStore } from '@hub/event-store';
import type { HourlyCountsQuery } from '../read-model/lampposts-query.js';
import { cancellable, StreamCancelledError } from './cancellable.js';
import { sharedCount, type AggregatePolicy } from './aggregate-noise.js';
import type { LiveSessions } from './live-sessions.js';

export interface AggregateView {
  readonly lab: string;
  readonly kind: string;
  /** Start of the UTC hour. */
  readonly hour: string;
  /** Readings in that hour; null when suppressed. */
  readonly count: number | null;
  readonly suppressed: boolean;
  readonly noisy: boolean;
  /** The agreement this figure is shared under (none for the owner). */
  readonly agreementId: string | null;
}

export interface AggregateDeps {
  readonly store: EventStore;
  readonly counts: HourlyCountsQuery;
  readonly waitForProjection: (position: number, timeoutMs: number) => Promise<void>;
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
    await this.deps.waitForProjection(await this.deps.store.headPosition(), 2000);
    const rows = this.deps.counts.range(
      lab,
      kinds ?? (grant.kinds === 'all' ? undefined : [...grant.kinds]),
      { from: from ? hourStart(from.getTime()) : undefined, to: to?.toISOString() },
      limit,
    );
    return rows.map((r) => this.publish(decision, r.lab, r.kind, r.hour, r.count));
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
      await this.deps.waitForProjection(await this.deps.store.headPosition(), 2000);
      const closedBefore = hourStart(this.now() - grace);
      const rows = this.deps.counts.range(
        lab,
        kinds ?? (grant.kinds === 'all' ? undefined : [...grant.kinds]),
        { after, to: closedBefore },
        1000,
      );
      for (const r of rows) {
        yield this.publish(decision, r.lab, r.kind, r.hour, r.count);
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

  /** One figure as the audience decision allows: exact, or shared (suppressed and noisy). */
  private publish(
    decision: AudienceDecision,
    lab: string,
    kind: string,
    hour: string,
    count: number,
  ): AggregateView {
    if (decision.copy === 'exact') {
      return { lab, kind, hour, count, suppressed: false, noisy: false, agreementId: null };
    }
    const agreement = agreementFor(decision.grant, kind);
    // A shared decision always rests on an agreement for the kind; none means nothing to serve.
    if (!agreement)
      return { lab, kind, hour, count: null, suppressed: true, noisy: false, agreementId: null };
    const shared = sharedCount(count, this.deps.policy(lab, kind), this.deps.noiseKey, {
      agreementId: agreement.id,
      lab,
      kind,
      hour,
    });
    return { lab, kind, hour, ...shared, agreementId: agreement.id };
  }
}
