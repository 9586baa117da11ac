import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const EVENT_STORE_KINDS = ['sqlite', 'eventstoredb'] as const;
export const SYNCHRONOUS_MODES = ['NORMAL', 'FULL'] as const;

/**
 * Every environment variable the hub reads, declared once. Defaults make `npm start` work on a
 * fresh machine; docs/configuration.md explains each one.
 */
export class HubEnvironment {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  HUB_MQTT_PORT = 1883;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  HUB_HTTP_PORT = 3000;

  /** Interface both listeners bind to. */
  @IsString()
  @MinLength(1)
  HUB_BIND_HOST = '0.0.0.0';

  @IsString()
  @MinLength(1)
  HUB_DATA_DIR = './data';

  @IsIn(LOG_LEVELS)
  HUB_LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsIn(EVENT_STORE_KINDS)
  HUB_EVENT_STORE: (typeof EVENT_STORE_KINDS)[number] = 'sqlite';

  @IsOptional()
  @IsString()
  @MinLength(1)
  HUB_EVENTSTORE_URL?: string;

  @IsIn(SYNCHRONOUS_MODES)
  HUB_STORE_SYNCHRONOUS: (typeof SYNCHRONOUS_MODES)[number] = 'NORMAL';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  HUB_GROUP_COMMIT_MS = 2;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  HUB_GROUP_COMMIT_MAX_EVENTS = 1000;

  /** Optional fixed admin token (otherwise one is generated into <HUB_DATA_DIR>/admin-token). */
  @IsOptional()
  @IsString()
  @MinLength(16)
  HUB_ADMIN_TOKEN?: string;
}
