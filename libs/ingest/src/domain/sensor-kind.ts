/** The sensor kinds the hub accepts. Each has a payload DTO in `../dto/` and a doc in docs/sensors.md. */
export const SENSOR_KINDS = ['temperature', 'sound', 'camera', 'motion', 'radio', 'air'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

export const isSensorKind = (value: string): value is SensorKind =>
  (SENSOR_KINDS as readonly string[]).includes(value);
