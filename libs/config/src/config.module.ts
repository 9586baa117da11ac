import { type DynamicModule, Global, Module } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from './hub-config.js';

/** Provides the configuration validated at boot (see `readHubConfigFromEnvironment`). */
@Global()
@Module({})
export class HubConfigModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: HubConfigModule,
      providers: [{ provide: HUB_CONFIG, useValue: config }],
      exports: [HUB_CONFIG],
    };
  }
}
