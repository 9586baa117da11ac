import 'reflect-metadata';
import { IsInt, IsISO8601, Matches, Max, Min } from 'class-validator';

/** A date-time that ends in a zone: `Z` (or `z`) or `+hh:mm` / `-hh:mm`. */
export const ZONED_TIME = /T[^Zz+-]*(?:[0-9][Zz]|[0-9][+-][0-9]{2}:[0-9]{2})$/;
const ZONED_TIME_MESSAGE =
  'observedAt must be an ISO-8601 date-time with a time zone (Z or +hh:mm), e.g. 2026-07-01T12:00:00.000Z';

/** Fields every sensor kind carries. */
export abstract class ReadingBaseDto {
  /** Per device and kind, increasing; with the device it identifies the reading (redelivery-safe). */
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  seq!: number;

  /** When the sensor observed the value, ISO-8601 with time zone, e.g. 2026-07-01T12:00:00.000Z. */
  @IsISO8601({ strict: true, strictSeparator: true })
  // ISO 8601 makes the zone optional (a local time); a local time means a different instant in
  // every zone the device might think it is in, so the hub refuses it.
  @Matches(ZONED_TIME, { message: ZONED_TIME_MESSAGE })
  observedAt!: string;
}
