import { Global, Module } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { AccessTokens } from './access-tokens.js';
import { ensureAdminToken } from './admin-token.js';

@Global()
@Module({
  providers: [
    {
      provide: AccessTokens,
      inject: [HUB_CONFIG],
      useFactory: (config: HubConfig) =>
        new AccessTokens(ensureAdminToken(config.dataDir, config.adminToken)),
    },
  ],
  exports: [AccessTokens],
})
export class AccessModule {}
