import type { SensorKind } from '@hub/contracts';
import { AirReadingDto } from './air.dto.js';
import { CameraReadingDto, DetectionDto } from './camera.dto.js';
import { MotionReadingDto } from './motion.dto.js';
import { RadioReadingDto } from './radio.dto.js';
import type { ReadingBaseDto } from './reading-base.dto.js';
import { SoundClassDto, SoundReadingDto } from './sound.dto.js';
import { TemperatureReadingDto } from './temperature.dto.js';

type DtoClass = new () => ReadingBaseDto;

/** The payload class of each sensor kind (docs/sensors.md documents each). */
export const READING_DTOS: Readonly<Record<SensorKind, DtoClass>> = {
  temperature: TemperatureReadingDto,
  sound: SoundReadingDto,
  camera: CameraReadingDto,
  motion: MotionReadingDto,
  radio: RadioReadingDto,
  air: AirReadingDto,
};

/** Classes of nested payload properties (mirrors their `@Type` decorators), for the compiled checks. */
export const NESTED_DTOS: Readonly<Record<string, new () => object>> = {
  detections: DetectionDto,
  soundClass: SoundClassDto,
};
