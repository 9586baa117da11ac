import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { ReadingBaseDto } from './reading-base.dto.js';

const finite = { allowNaN: false, allowInfinity: false };

/** `air`: mass concentrations in µg/m³; a sensor sends the pollutants it measures. */
export class AirReadingDto extends ReadingBaseDto {
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(1000)
  pm25?: number;

  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(2000)
  pm10?: number;

  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(2000)
  no2?: number;
}
