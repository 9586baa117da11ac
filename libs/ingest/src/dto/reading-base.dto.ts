import 'reflect-metadata';
import { IsInt, IsISO8601, Max, Min } from 'class-validator';

/** Fields every sensor kind carries. */
export abstract class ReadingBaseDto {
  /** Per device and kind, increasing; with the device it identifies the reading (redelivery-safe). */
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  seq!: number;

  /** When the sensor observed the value, ISO-8601 with time zone, e.g. 2026-07-01T12:00:00.000Z. */
  @IsISO8601({ strict: true, strictSeparator: true })
  observedAt!: string;
}
