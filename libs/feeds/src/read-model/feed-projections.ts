import type { Projection } from '@hub/event-store';
import { deviceHealthProjection } from '../device-health/device-health.projection.js';
import { hourlyCountsProjection } from './hourly-counts.projection.js';
import { latestReadingsProjection } from './latest-readings.projection.js';
import { readingsProjection } from './readings.projection.js';

/** Every read model the feeds keep, fed by one projection runner. */
export const FEED_PROJECTIONS: readonly Projection[] = [
  readingsProjection,
  latestReadingsProjection,
  hourlyCountsProjection,
  deviceHealthProjection,
];
