import { describe, expect, test } from '@jest/globals';
import { generateDeviceSecret } from './device-secret.js';
import { SCRYPT_PARAMS, hashSecret, verifySecret } from './scrypt-hash.js';
import { VerifiedCredentialsCache } from './verified-cache.js';

describe('device secrets and their scrypt hash', () => {
  test('a secret is 32 random bytes in base64url, different every time', () => {
    const a = generateDeviceSecret();
    const b = generateDeviceSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  test('the hash names its parameters, holds no secret, and verifies only the right secret', async () => {
    const secret = generateDeviceSecret();
    const hash = await hashSecret(secret);
    expect(hash).toMatch(
      new RegExp(
        `^scrypt\\$ln=${SCRYPT_PARAMS.logN},r=${SCRYPT_PARAMS.r},p=${SCRYPT_PARAMS.p}\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+$`,
      ),
    );
    expect(hash).not.toContain(secret);
    await expect(verifySecret(secret, hash)).resolves.toBe(true);
    await expect(verifySecret(secret.slice(0, -1) + 'x', hash)).resolves.toBe(false);
    await expect(verifySecret('', hash)).resolves.toBe(false);
  });

  test('the same secret hashes differently (random salt)', async () => {
    const secret = generateDeviceSecret();
    expect(await hashSecret(secret)).not.toBe(await hashSecret(secret));
  });

  test('malformed or foreign hashes never verify', async () => {
    const secret = generateDeviceSecret();
    const good = await hashSecret(secret);
    const [, params, salt, key] = good.split('$');
    for (const bad of [
      '',
      'plain',
      `argon2$${params}$${salt}$${key}`,
      `scrypt$ln=99,r=8,p=1$${salt}$${key}`,
      `scrypt$${params}$${salt}$`,
      `${good}$extra`,
    ]) {
      await expect(verifySecret(secret, bad)).resolves.toBe(false);
    }
  });
});

describe('the verification cache', () => {
  test('remembers a password for one hash only, and forgets on demand', () => {
    const cache = new VerifiedCredentialsCache();
    const password = Buffer.from('s3cret');
    cache.remember('lab.lp-1', password, 'hash-1');
    expect(cache.has('lab.lp-1', password, 'hash-1')).toBe(true);
    expect(cache.has('lab.lp-1', Buffer.from('other'), 'hash-1')).toBe(false);
    expect(cache.has('lab.lp-1', password, 'hash-2')).toBe(false); // rotated meanwhile
    expect(cache.has('lab.lp-2', password, 'hash-1')).toBe(false);
    cache.forget('lab.lp-1');
    expect(cache.has('lab.lp-1', password, 'hash-1')).toBe(false);
    expect(cache.size).toBe(0);
  });
});
