import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  RequestMethod,
} from '@nestjs/common';
import type { HubConfig } from '@hub/config';
import { loadConsoleAssets } from './console-assets.js';
import { ConsoleController } from './console.controller.js';
import { CONSOLE_ASSETS } from './console.tokens.js';
import { ideRedirect } from './ide-redirect.middleware.js';

@Module({})
class IdeRedirectModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ideRedirect).forRoutes({ path: 'graphql', method: RequestMethod.GET });
  }
}

/**
 * The web console, served by the hub (HUB_CONSOLE_ENABLED): docs/console.md. Off: no page, no
 * asset and no redirect; `/register/sensors` and `/graphql` are unaffected.
 */
@Module({})
export class ConsoleModule {
  static forRoot(config: HubConfig): DynamicModule {
    if (!config.console.enabled) return { module: ConsoleModule };
    return {
      module: ConsoleModule,
      imports: config.graphql.ide ? [{ module: IdeRedirectModule }] : [],
      controllers: [ConsoleController],
      providers: [{ provide: CONSOLE_ASSETS, useFactory: () => loadConsoleAssets() }],
    };
  }
}
