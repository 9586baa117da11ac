import type { Projection } from '@hub/event-store';
import { deviceHealthProjection } from '../device-health/device-health.projection.js';
import { hourlyAggregatesProjection } from './hourly-aggregates.projection.js';
import { lamppostPlacesProjection } from './lamppost-places.projection.js';
import { latestReadingsProjection } from './latest-readings.projection.js';
import { readingsProjection } from './readings.projection.js';
import { ruleVersionsProjection } from './rule-versions.projection.js';

/**
 * Every read model the feeds keep, fed by one projection runner. The rule versions come first:
 * the reading projections resolve compact readings from them (rule-versions.projection.ts).
 */
export const FEED_PROJECTIONS: readonly Projection[] = [
  ruleVersionsProjection,
  readingsProjection,
  latestReadingsProjection,
  hourlyAggregatesProjection,
  deviceHealthProjection,
  lamppostPlacesProjection,
];
