/** The sensor kinds the hub accepts. Each has a payload DTO in `../dto/` and a doc in docs/sensors.md. */
export const SENSOR_KINDS = ['temperature', 'sound', 'camera', 'motion', 'radio', 'air'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

export const isSensorKind = (value: string): value is SensorKind =>
  (SENSOR_KINDS as readonly string[]).includes(value);

/** Kinds the privacy filter folds into windows: their facts are emitted when a window closes. */
const WINDOWED: ReadonlySet<string> = new Set(['sound', 'camera', 'radio']);
export const isWindowedKind = (kind: string): boolean => WINDOWED.has(kind);
