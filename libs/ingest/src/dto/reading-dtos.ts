import type { SensorKind } from '../domain/sensor-kind.js';
import type { ReadingBaseDto } from './reading-base.dto.js';
import { TemperatureReadingDto } from './temperature.dto.js';

type DtoClass = new () => ReadingBaseDto;

/** The payload class of each sensor kind. */
export const READING_DTOS: Readonly<Record<SensorKind, DtoClass>> = {
  temperature: TemperatureReadingDto,
};
