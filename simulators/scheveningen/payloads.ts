/** Reading bodies as the hub's MQTT interface defines them; `seq` and `observedAt` are added on send. */

export interface TemperatureBody {
  celsius: number;
}

export interface SoundBody {
  sampleRate: number;
  /** Base64 of signed 16-bit little-endian mono samples. */
  pcm: string;
  /** dBFS RMS that corresponds to 94 dB SPL, so the hub can turn samples into levels. */
  calibrationDbfsAt94: number;
}

export type DetectionClass = 'person' | 'bicycle' | 'car';

export interface Detection {
  class: DetectionClass;
  /** [x, y, w, h] in pixels of the frame. */
  bbox: [number, number, number, number];
  confidence: number;
  trackId: string;
  plate?: string;
}

export interface CameraBody {
  /** Base64 JPEG. */
  frame: string;
  detections: Detection[];
}

export interface MotionBody {
  /** PIR triggers since the previous message. */
  events: number;
}

export type RadioTechnology = 'wifi' | 'bluetooth' | '5g';

export interface RadioBody {
  identifiers: string[];
  technology: RadioTechnology;
}

export interface AirBody {
  pm25: number;
  pm10: number;
  no2: number;
}

export interface BodyByKind {
  temperature: TemperatureBody;
  sound: SoundBody;
  camera: CameraBody;
  motion: MotionBody;
  radio: RadioBody;
  air: AirBody;
}

export interface Envelope {
  seq: number;
  observedAt: string;
}
