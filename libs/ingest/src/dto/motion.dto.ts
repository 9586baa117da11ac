import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { ReadingBaseDto } from './reading-base.dto.js';

/** `motion`: whether the PIR sensor triggered since the last message, and how often. */
export class MotionReadingDto extends ReadingBaseDto {
  @IsBoolean()
  detected!: boolean;

  @IsInt()
  @Min(0)
  @Max(100000)
  count!: number;
}
