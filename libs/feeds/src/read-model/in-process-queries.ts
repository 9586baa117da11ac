import type { ReadingQuery } from '../application/reading-view.js';
import type { HourlyAggregatesQuery, HoursAnswer } from './hourly-aggregates-query.js';
import { ReadQueries, type HoursRequest } from './read-queries.port.js';
import type { HistoryPage, LabScopes, PageRequest, ReadingsQuery } from './readings-query.js';

/** The read queries on the hub's main thread (HUB_QUERIES_THREAD=main, or an in-memory log). */
export class InProcessQueries extends ReadQueries {
  constructor(
    private readonly history: ReadingsQuery,
    private readonly counts: HourlyAggregatesQuery,
  ) {
    super();
  }

  readings(
    _reader: string,
    q: ReadingQuery,
    scopes: LabScopes,
    request: PageRequest,
  ): Promise<HistoryPage> {
    return Promise.resolve(this.history.pageIn(q, scopes, request));
  }

  hours(_reader: string, r: HoursRequest): Promise<HoursAnswer> {
    return Promise.resolve(this.counts.rangeAt(r.lab, r.kinds, r.bounds, r.limit, r.perLamppost));
  }

  start(): void {}

  stop(): Promise<void> {
    return Promise.resolve();
  }
}
