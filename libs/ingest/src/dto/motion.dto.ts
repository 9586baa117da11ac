import { IsInt, Max, Min } from 'class-validator';
import { ReadingBaseDto } from './reading-base.dto.js';

/** `motion`: how often the PIR sensor triggered since the previous message. */
export class MotionReadingDto extends ReadingBaseDto {
  @IsInt()
  @Min(0)
  @Max(100000)
  events!: number;
}
