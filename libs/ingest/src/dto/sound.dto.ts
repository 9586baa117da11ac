import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsPaddedBase64 } from './is-base64.js';
import { ReadingBaseDto } from './reading-base.dto.js';

/** Sample rates a lamppost microphone may report (Hz). */
export const SOUND_SAMPLE_RATES = [8000, 16000, 22050, 24000, 32000, 44100, 48000] as const;

/** A sound class the device's own classifier proposes; the privacy rule decides whether to keep it. */
export class SoundClassDto {
  @IsString()
  @MaxLength(32)
  label!: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  confidence!: number;
}

/**
 * `sound`: a chunk of raw audio, turned into A-weighted levels by the privacy filter in memory;
 * the samples are never stored. At most ~2 s at 48 kHz per message (the payload limit).
 */
export class SoundReadingDto extends ReadingBaseDto {
  @IsInt()
  @IsIn(SOUND_SAMPLE_RATES)
  sampleRate!: number;

  /** Base64 of signed 16-bit little-endian mono samples. */
  @IsString()
  @IsPaddedBase64()
  pcm!: string;

  /** The dBFS RMS level the microphone reads at 94 dB SPL (e.g. -26). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-80)
  @Max(0)
  calibrationDbfsAt94?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => SoundClassDto)
  soundClass?: SoundClassDto;
}
