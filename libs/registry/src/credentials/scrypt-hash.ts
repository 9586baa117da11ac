import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt parameters for device secrets (RFC 7914): N = 2^14, r = 8, p = 1, the "interactive
 * login" setting of the scrypt paper: 16 MiB and about 25 ms per hash on the reference machine.
 * A device secret is 256 random bits, so the KDF is defence in depth against a stolen log, not
 * the only barrier; the parameters are stored with every hash so they can be raised later
 * without invalidating existing credentials.
 */
export const SCRYPT_PARAMS = { logN: 14, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

/** Upper bound for stored parameters (an `N` of 2^17 with r = 8 needs 128 MiB). */
const MAX_MEMORY = 256 * 1024 * 1024;
const PREFIX = 'scrypt';

const derive = (secret: string, salt: Buffer, keyLength: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    // Asynchronous: runs on libuv's thread pool, so the broker's event loop keeps serving.
    scrypt(secret, salt, keyLength, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );

/** `scrypt$ln=14,r=8,p=1$<salt base64>$<key base64>` (the PHC string layout). */
export async function hashSecret(secret: string): Promise<string> {
  const { logN, r, p, keyLength, saltLength } = SCRYPT_PARAMS;
  const salt = randomBytes(saltLength);
  const key = await derive(secret, salt, keyLength, { N: 2 ** logN, r, p });
  return `${PREFIX}$ln=${logN},r=${r},p=${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  readonly options: ScryptOptions;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function parseHash(encoded: string): ParsedHash | undefined {
  const [prefix, params, salt, key, ...rest] = encoded.split('$');
  if (prefix !== PREFIX || rest.length > 0 || !params || !salt || !key) return undefined;
  const match = /^ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})$/.exec(params);
  if (!match) return undefined;
  const [logN, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (logN < 10 || logN > 20 || r < 1 || p < 1) return undefined;
  return {
    options: { N: 2 ** logN, r, p },
    salt: Buffer.from(salt, 'base64'),
    key: Buffer.from(key, 'base64'),
  };
}

/** True when `secret` derives to the stored key; a malformed stored hash never verifies. */
export async function verifySecret(secret: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed || parsed.key.length === 0) return false;
  const key = await derive(secret, parsed.salt, parsed.key.length, parsed.options);
  return timingSafeEqual(key, parsed.key);
}
