import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
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

export const DETECTION_CLASSES = [
  'person',
  'bicycle',
  'scooter',
  'car',
  'motorcycle',
  'bus',
  'truck',
  'van',
  'dog',
] as const;

/** One object the edge detector found in a frame. */
export class DetectionDto {
  @IsIn(DETECTION_CLASSES)
  class!: (typeof DETECTION_CLASSES)[number];

  /** [x, y, width, height] in pixels of the frame. */
  @IsArray()
  @ArrayMinSize(4)
  @ArrayMaxSize(4)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  @Min(0, { each: true })
  bbox!: [number, number, number, number];

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  confidence!: number;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  trackId?: string;

  /** Licence plate as read; only ever pseudonymised by the privacy filter. */
  @IsOptional()
  @IsString()
  @MaxLength(16)
  plate?: string;

  /** Counting zone or line the object is in or crossed, as configured on the device. */
  @IsOptional()
  @IsString()
  @MaxLength(32)
  zone?: string;

  @IsOptional()
  @IsString()
  @MaxLength(16)
  direction?: string;
}

/** `camera`: a frame and its detections, turned into counts by the privacy filter. */
export class CameraReadingDto extends ReadingBaseDto {
  /** Base64 JPEG; dropped unread by the filter (the hub keeps no images). */
  @IsOptional()
  @IsString()
  @IsPaddedBase64()
  frame?: string;

  /** Accepted so that devices which mark calibration frames are not refused; ignored (dropped like the frame). */
  @IsOptional()
  @IsBoolean()
  calibration?: boolean;

  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => DetectionDto)
  detections!: DetectionDto[];
}
