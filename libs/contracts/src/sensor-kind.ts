/**
 * The sensor kinds the hub accepts: the one list in the repository, in the order people read them
 * (rule sets, reports, the console). Each has a payload DTO in `libs/ingest/src/dto/`, a rule in
 * the privacy rule language and a section in docs/sensors.md.
 */
export const SENSOR_KINDS = ['temperature', 'air', 'motion', 'sound', 'camera', 'radio'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

export const isSensorKind = (value: string): value is SensorKind =>
  (SENSOR_KINDS as readonly string[]).includes(value);
