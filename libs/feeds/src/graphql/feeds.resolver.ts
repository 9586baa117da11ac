import { Inject } from '@nestjs/common';
import {
  Args,
  Context,
  GraphQLISODateTime,
  Int,
  Query,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import {
  agreementStatus,
  readsNoFeeds,
  type Agreement,
  type LabGrant,
  type Principal,
} from '@hub/access';
import { AggregateService, type AggregateView } from '../application/aggregate-service.js';
import { FeedService } from '../application/feed-service.js';
import { kindsOf, storedFor } from '../application/feed-scope.js';
import { LampostsQuery } from '../read-model/lampposts-query.js';
import { HourlyAggregate, LabAccess, Lamppost, Visibility } from './feeds.models.js';
import { toReading } from './readings.resolver.js';
import { mapAsyncIterator } from './shared-results/map-async-iterator.js';

const MAX_AGGREGATE_ROWS = 5000;

const toHourly = (a: AggregateView): HourlyAggregate => ({ ...a, hour: new Date(a.hour) });

/** Labs, lampposts, aggregates and "what can I see". */
@Resolver()
export class FeedsResolver {
  constructor(
    @Inject(FeedService) private readonly feeds: FeedService,
    @Inject(AggregateService) private readonly aggregateService: AggregateService,
    @Inject(LampostsQuery) private readonly latest: LampostsQuery,
  ) {}

  @Query(() => Visibility, {
    description: 'What the caller can see: role, scope and readable labs.',
  })
  whatCanISee(@Context('principal') principal: Principal): Visibility {
    // Every token may ask who it is (the console signs in with this); an officer's answer
    // lists no readable labs, as the audience decision gives officers no feeds.
    if (readsNoFeeds(principal)) {
      return {
        role: principal.role,
        municipality: principal.municipality ?? null,
        lab: principal.lab ?? null,
        holder: principal.holder ?? null,
        readings: [],
        aggregatesOnly: [],
      };
    }
    const readings = this.labAccess(principal, 'readings');
    // Every agreement that applies is listed: an aggregates-level agreement of a lab that is
    // also readable (other kinds, under a readings-level agreement) appears here too.
    const aggregatesOnly = this.labAccess(principal, 'aggregates')
      .map((l) => this.aggregatesLevelPart(l))
      .filter((l): l is LabAccess => l !== undefined);
    return {
      role: principal.role,
      municipality: principal.municipality ?? null,
      lab: principal.lab ?? null,
      holder: principal.holder ?? null,
      readings,
      aggregatesOnly,
    };
  }

  @Query(() => [Lamppost], {
    description: 'The lampposts of a lab with the latest reading of each kind you may read.',
  })
  async lampposts(
    @Context('principal') principal: Principal,
    @Args('lab', { type: () => String }) lab: string,
  ): Promise<Lamppost[]> {
    const scope = this.feeds.scope(principal, { lab }, 'readings');
    await this.feeds.attribute(principal, scope, undefined, 'query lampposts');
    const decision = scope.grants.get(lab);
    const kinds = decision ? kindsOf(decision) : undefined;
    const byLamppost = new Map<string, Lamppost>();
    // Registered lampposts first, so one without readings yet is on the map too.
    for (const place of this.latest.places(lab)) {
      const position =
        place.lat !== null && place.lon !== null ? { lat: place.lat, lon: place.lon } : null;
      byLamppost.set(place.lamppost, { id: place.lamppost, lab, position, latest: [] });
    }
    // The copy served is the audience decision's: a grantee gets the shared (noisy) copy.
    for (const view of this.latest.latest(lab, kinds, storedFor(scope, lab))) {
      let lp = byLamppost.get(view.lamppost);
      if (!lp) {
        lp = { id: view.lamppost, lab, position: null, latest: [] };
        byLamppost.set(view.lamppost, lp);
      }
      lp.latest.push(toReading(view));
    }
    return [...byLamppost.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  @Query(() => [HourlyAggregate], {
    description:
      'Readings per kind and UTC hour of one lab. Shared figures (under an agreement) are suppressed below the privacy threshold and carry Laplace noise.',
  })
  async aggregates(
    @Context('principal') principal: Principal,
    @Args('lab', { type: () => String }) lab: string,
    @Args('kinds', { type: () => [String], nullable: true }) kinds?: string[],
    @Args('from', { type: () => GraphQLISODateTime, nullable: true }) from?: Date,
    @Args('to', { type: () => GraphQLISODateTime, nullable: true }) to?: Date,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 1000 }) first?: number,
    @Args('perLamppost', {
      type: () => Boolean,
      nullable: true,
      defaultValue: false,
      description: 'One row per lamppost (with `lamppost` set) instead of one per lab.',
    })
    perLamppost?: boolean,
  ): Promise<HourlyAggregate[]> {
    const limit = Math.max(1, Math.min(first ?? 1000, MAX_AGGREGATE_ROWS));
    const rows = await this.aggregateService.query(
      principal,
      lab,
      kinds ?? undefined,
      from,
      to,
      limit,
      perLamppost === true,
    );
    return rows.map(toHourly);
  }

  @Subscription(() => HourlyAggregate, {
    name: 'aggregates',
    description:
      'Hourly aggregates of one lab: every closed hour after `afterHour`, then each hour as it closes (one minute after its end).',
    resolve: (value: HourlyAggregate) => value,
  })
  aggregateStream(
    @Context('principal') principal: Principal,
    @Args('lab', { type: () => String }) lab: string,
    @Args('kinds', { type: () => [String], nullable: true }) kinds?: string[],
    @Args('afterHour', { type: () => GraphQLISODateTime, nullable: true }) afterHour?: Date,
  ): AsyncGenerator<HourlyAggregate> {
    this.aggregateService.authorize(principal, lab, kinds ?? undefined);
    const source = this.aggregateService.live(principal, lab, kinds ?? undefined, afterHour);
    return mapAsyncIterator(source, toHourly);
  }

  /**
   * The part of an aggregates-level access that the readings level does not already give: the
   * agreements at level `aggregates` (for the owner, partners and admins there is none).
   */
  private aggregatesLevelPart(access: LabAccess): LabAccess | undefined {
    if (access.basis !== 'agreement') return undefined;
    const state = this.feeds.accessState();
    const only = access.agreementIds
      .map((id) => state.agreements.get(id))
      .filter((a): a is Agreement => a !== undefined && a.level === 'aggregates');
    if (only.length === 0) return undefined;
    return {
      ...access,
      level: 'aggregates',
      kinds: [...new Set(only.flatMap((a) => a.kinds))].sort(),
      agreementIds: only.map((a) => a.id),
      until: new Date(Math.min(...only.map((a) => Date.parse(a.until)))),
    };
  }

  private labAccess(principal: Principal, level: 'readings' | 'aggregates'): LabAccess[] {
    const scope = this.feeds.scope(principal, {}, level);
    const state = this.feeds.accessState();
    const grants: LabGrant[] = scope.all
      ? this.latest
          .labsWithReadings(undefined)
          .concat([...state.labOwners.keys()])
          .filter((lab, i, all) => all.indexOf(lab) === i)
          .sort()
          .map((lab): LabGrant => ({ lab, basis: 'admin', kinds: 'all' }))
      : [...scope.grants.values()].map((d) => d.grant);
    const now = Date.now();
    return grants.map((g) => {
      const agreements =
        g.basis === 'agreement'
          ? g.agreements.filter((a) => agreementStatus(a, now) === 'active')
          : [];
      const until =
        agreements.length > 0 ? Math.min(...agreements.map((a) => Date.parse(a.until))) : undefined;
      return {
        lab: g.lab,
        owner: state.labOwners.get(g.lab) ?? null,
        basis: g.basis,
        level:
          g.basis === 'agreement' && agreements.every((a) => a.level === 'aggregates')
            ? 'aggregates'
            : 'readings',
        kinds: g.kinds === 'all' ? null : [...g.kinds].sort(),
        agreementIds: agreements.map((a) => a.id),
        until: until !== undefined ? new Date(until) : null,
      };
    });
  }
}
