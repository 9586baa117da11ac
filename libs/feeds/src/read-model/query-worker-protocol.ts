import type { ReadingQuery } from '../application/reading-view.js';
import type { HoursAnswer } from './hourly-aggregates-query.js';
import type { HoursRequest } from './read-queries.port.js';
import type { HistoryRows, LabScopes, PageRequest } from './readings-query.js';

/** What the hub hands the query worker at start. */
export interface QueryWorkerData {
  readonly readModelsFile: string;
  /** HUB_HISTORY_SCAN_LIMIT. */
  readonly historyScanLimit: number;
}

/** Hub -> query worker: one read. */
export type QueryWorkerRequest =
  | {
      readonly op: 'readings';
      readonly q: ReadingQuery;
      readonly scopes: LabScopes;
      readonly request: PageRequest;
    }
  | { readonly op: 'hours'; readonly request: HoursRequest };

/** Query worker -> hub: the answer of that read. */
export type QueryWorkerAnswer = HistoryRows | HoursAnswer;
