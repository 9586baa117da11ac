import { randomBytes } from 'node:crypto';

/** Bytes of randomness in a device secret: 256 bits, far beyond any guessing. */
export const DEVICE_SECRET_BYTES = 32;

/** A fresh device password: 32 random bytes, base64url (43 characters, safe in shells and URLs). */
export const generateDeviceSecret = (): string =>
  randomBytes(DEVICE_SECRET_BYTES).toString('base64url');
