import type { ConnectRefusal, DeviceAccess, DeviceIdentity } from '@hub/contracts';
import { verifySecret } from '../credentials/scrypt-hash.js';
import { VerifiedCredentialsCache } from '../credentials/verified-cache.js';
import type { DeviceState } from '../domain/registry-state.js';
import type { RegistryService } from './registry-service.js';

const identityOf = (d: DeviceState): DeviceIdentity => ({
  username: d.username,
  lab: d.lab,
  lamppost: d.lamppost,
  topicPrefix: d.topicPrefix,
});

/**
 * The broker's view of the registry: who may connect, and which connections to close when
 * credentials stop being valid.
 * - no username (anonymous): NOT_AUTHORIZED (CONNACK 5);
 * - unknown username, missing or wrong password: BAD_USERNAME_OR_PASSWORD (CONNACK 4);
 * - revoked or decommissioned lamppost: NOT_AUTHORIZED (CONNACK 5).
 */
export class DeviceAuthenticator implements DeviceAccess {
  private readonly cache = new VerifiedCredentialsCache();
  private readonly revokedListeners: ((username: string) => void)[] = [];

  constructor(private readonly registry: RegistryService) {
    registry.onCredentialsInvalidated((username) => {
      this.cache.forget(username);
      for (const listener of this.revokedListeners) listener(username);
    });
  }

  async authenticate(
    username: string | undefined,
    password: Buffer | undefined,
  ): Promise<DeviceIdentity | ConnectRefusal> {
    if (username === undefined || username === '') return 'NOT_AUTHORIZED';
    const device = this.registry.deviceByUsername(username);
    if (!device) return 'BAD_USERNAME_OR_PASSWORD';
    if (device.status !== 'active') return 'NOT_AUTHORIZED';
    if (password === undefined || password.length === 0) return 'BAD_USERNAME_OR_PASSWORD';
    if (this.cache.has(username, password, device.passwordHash)) return identityOf(device);
    if (!(await verifySecret(password.toString('utf8'), device.passwordHash))) {
      return 'BAD_USERNAME_OR_PASSWORD';
    }
    // The KDF took a while: the credentials may have been rotated or revoked meanwhile.
    const now = this.registry.deviceByUsername(username);
    if (!now || now.passwordHash !== device.passwordHash) return 'BAD_USERNAME_OR_PASSWORD';
    if (now.status !== 'active') return 'NOT_AUTHORIZED';
    this.cache.remember(username, password, device.passwordHash);
    return identityOf(now);
  }

  onRevoked(listener: (username: string) => void): void {
    this.revokedListeners.push(listener);
  }
}
