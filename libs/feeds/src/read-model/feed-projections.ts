import type { Projection } from '@hub/event-store';
import { deviceHealthProjection } from '../device-health/device-health.projection.js';
import { hourlyAggregatesProjection } from './hourly-aggregates.projection.js';
import { lamppostPlacesProjection } from './lamppost-places.projection.js';
import { latestReadingsProjection } from './latest-readings.projection.js';
import { readingsProjection } from './readings.projection.js';

/** Every read model the feeds keep, fed by one projection runner. */
export const FEED_PROJECTIONS: readonly Projection[] = [
  readingsProjection,
  latestReadingsProjection,
  hourlyAggregatesProjection,
  deviceHealthProjection,
  lamppostPlacesProjection,
];
