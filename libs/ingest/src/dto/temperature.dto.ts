import { IsNumber, Max, Min } from 'class-validator';
import { ReadingBaseDto } from './reading-base.dto.js';

/** `labs/{lab}/lampposts/{id}/temperature`: `{"seq": 17, "observedAt": "...", "celsius": 21.4}`. */
export class TemperatureReadingDto extends ReadingBaseDto {
  /** Air temperature in °C; outside -50..70 no lamppost thermometer reads correctly. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-50)
  @Max(70)
  celsius!: number;
}
