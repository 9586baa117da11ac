import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ReadingBaseDto } from './reading-base.dto.js';

export const RADIO_TECHNOLOGIES = ['wifi', 'bluetooth', '5g'] as const;

/**
 * `radio`: probe identifiers heard since the last message (Wi-Fi/Bluetooth MAC addresses,
 * 5G temporary identifiers). Personal data: only ever stored as keyed pseudonyms and counts.
 */
export class RadioReadingDto extends ReadingBaseDto {
  @IsArray()
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(64, { each: true })
  identifiers!: string[];

  @IsIn(RADIO_TECHNOLOGIES)
  technology!: (typeof RADIO_TECHNOLOGIES)[number];
}
