import { Global, Inject, Injectable, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, LogFollower, type EventStore } from '@hub/event-store';
import { DEVICE_ACCESS } from '@hub/contracts';
import { DeviceAuthenticator } from './application/device-authenticator.js';
import { RegistryService } from './application/registry-service.js';
import { RegistryResolver } from './graphql/registry.resolver.js';

/** Leaves the log follower before the log closes. */
@Injectable()
export class RegistryLifecycle implements BeforeApplicationShutdown {
  constructor(@Inject(RegistryService) private readonly registry: RegistryService) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.registry.close();
  }
}

/**
 * The device registry. Global so the broker (IngestModule) finds DEVICE_ACCESS: once this module
 * is loaded, every MQTT client must present device credentials.
 */
@Global()
@Module({
  providers: [
    {
      provide: RegistryService,
      inject: [EVENT_STORE, LogFollower],
      // Rebuilt from the log before the broker is created, so no device is refused at boot.
      useFactory: (store: EventStore, follower: LogFollower) =>
        RegistryService.open(store, follower),
    },
    {
      provide: DEVICE_ACCESS,
      inject: [RegistryService],
      useFactory: (registry: RegistryService) => new DeviceAuthenticator(registry),
    },
    RegistryResolver,
    RegistryLifecycle,
  ],
  exports: [RegistryService, DEVICE_ACCESS],
})
export class RegistryModule {}
