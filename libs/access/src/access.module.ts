import {
  Global,
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { EVENT_STORE, LogFollower, type EventStore } from '@hub/event-store';
import { AccessTokens } from './access-tokens.js';
import { ensureAdminToken } from './admin-token.js';
import { AccessDirectory } from './application/access-directory.js';
import { FeedAccessRecorder } from './application/feed-access-recorder.js';
import { SharingRequests } from './application/sharing-requests.js';
import { SharingService } from './application/sharing-service.js';
import { TokenService } from './application/token-service.js';
import { AccessResolver } from './graphql/access.resolver.js';
import { SharingRequestResolver } from './graphql/sharing-request.resolver.js';

/** Loads the access view from the log before the API listens; leaves the log follower before the log closes. */
@Injectable()
export class AccessLifecycle implements OnModuleInit, BeforeApplicationShutdown {
  constructor(@Inject(AccessDirectory) private readonly directory: AccessDirectory) {}

  async onModuleInit(): Promise<void> {
    await this.directory.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.directory.stop();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: AccessDirectory,
      inject: [EVENT_STORE, LogFollower],
      useFactory: (store: EventStore, follower: LogFollower) =>
        new AccessDirectory(store, follower),
    },
    {
      provide: AccessTokens,
      inject: [HUB_CONFIG, AccessDirectory],
      useFactory: (config: HubConfig, directory: AccessDirectory) =>
        new AccessTokens(ensureAdminToken(config.dataDir, config.adminToken), directory),
    },
    {
      provide: TokenService,
      inject: [EVENT_STORE, AccessDirectory],
      useFactory: (store: EventStore, directory: AccessDirectory) =>
        new TokenService(store, directory),
    },
    {
      provide: SharingService,
      inject: [EVENT_STORE, AccessDirectory],
      useFactory: (store: EventStore, directory: AccessDirectory) =>
        new SharingService(store, directory),
    },
    {
      provide: SharingRequests,
      inject: [EVENT_STORE, AccessDirectory, SharingService],
      useFactory: (store: EventStore, directory: AccessDirectory, sharing: SharingService) =>
        new SharingRequests(store, directory, sharing),
    },
    {
      provide: FeedAccessRecorder,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new FeedAccessRecorder(store),
    },
    AccessLifecycle,
    AccessResolver,
    SharingRequestResolver,
  ],
  exports: [
    AccessTokens,
    AccessDirectory,
    TokenService,
    SharingService,
    SharingRequests,
    FeedAccessRecorder,
  ],
})
export class AccessModule {}
