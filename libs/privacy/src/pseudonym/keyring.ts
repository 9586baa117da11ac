import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { HmacSha256 } from './hmac-sha256.js';

export const DEFAULT_EPOCH_MS = 24 * 60 * 60 * 1000;

/** Lifecycle of a pseudonymisation key, for the log. Never contains key material. */
export type KeyLifecycleRecord =
  | { event: 'key-created'; keyId: string; at: string; epochStart: string; epochEnd: string }
  | { event: 'key-rotated'; keyId: string; successorKeyId: string; at: string }
  | { event: 'key-destroyed'; keyId: string; at: string };

export interface KeyringOptions {
  /** Epoch length; epochs are aligned to multiples of it since 1970-01-01T00:00Z (UTC days). */
  epochMs?: number;
  /** Source of key bytes; crypto.randomBytes unless a test injects one. */
  randomBytes?: (size: number) => Buffer;
  onLifecycle?: (record: KeyLifecycleRecord) => void;
  /**
   * Who holds the keys (a hub node's id), written into every key id. Each run of each node also
   * adds a random run tag, so ids never repeat across restarts or nodes sharing one log.
   */
  holder?: string;
}

export interface Keyring {
  /** HMAC-SHA256 of `message` under the key of the epoch containing `nowMs` (rotating if due). */
  hmac(message: string, nowMs: number): Buffer;
  /** Id of the key in use at `nowMs` (rotating if due). */
  currentKeyId(nowMs: number): string;
  /** Force a new key now; the old one is destroyed. */
  rotate(nowMs: number): void;
  /** Destroy the current key (shutdown): nothing pseudonymised before can be linked again. */
  destroy(nowMs: number): void;
  hasKey(keyId: string): boolean;
}

interface LiveKey {
  id: string;
  epoch: number;
  material: Buffer;
  mac: HmacSha256;
}

/**
 * In-memory keys, one per epoch. The key Buffer never leaves this closure: it is not returned,
 * logged or serialised (toJSON/inspect show ids only), and at rotation it is overwritten with
 * zeros before the reference is dropped (crypto-shredding of the epoch's pseudonyms).
 */
export function createKeyring(options: KeyringOptions = {}): Keyring {
  const epochMs = options.epochMs ?? DEFAULT_EPOCH_MS;
  const randomBytes = options.randomBytes ?? cryptoRandomBytes;
  const emit = options.onLifecycle ?? (() => undefined);
  let live: LiveKey | null = null;
  let created = 0;
  // Not secret: it only tells this keyring's ids apart from another run's or another node's.
  const run = cryptoRandomBytes(3).toString('hex');
  const holder = (options.holder ?? 'hub').replace(/[^A-Za-z0-9_.-]/g, '_');

  const iso = (ms: number): string => new Date(ms).toISOString();

  function create(epoch: number, nowMs: number): LiveKey {
    const material = randomBytes(32);
    if (material.length !== 32) throw new Error('keyring: randomBytes must return 32 bytes');
    // The id names the epoch, the holder, its run and a counter; it is derived from nothing secret.
    const id = `k-${iso(epoch * epochMs).slice(0, 19)}Z-${holder}.${run}-${++created}`;
    emit({
      event: 'key-created',
      keyId: id,
      at: iso(nowMs),
      epochStart: iso(epoch * epochMs),
      epochEnd: iso((epoch + 1) * epochMs),
    });
    return { id, epoch, material, mac: new HmacSha256(material) };
  }

  function shred(key: LiveKey, nowMs: number): void {
    key.material.fill(0);
    key.mac.wipe();
    emit({ event: 'key-destroyed', keyId: key.id, at: iso(nowMs) });
  }

  function replace(epoch: number, nowMs: number): LiveKey {
    const old = live;
    const next = create(epoch, nowMs);
    if (old) {
      emit({ event: 'key-rotated', keyId: old.id, successorKeyId: next.id, at: iso(nowMs) });
      shred(old, nowMs);
    }
    live = next;
    return next;
  }

  function keyFor(nowMs: number): LiveKey {
    const epoch = Math.floor(nowMs / epochMs);
    // A clock that steps back keeps the current key: a destroyed key is never recreated.
    if (live && epoch <= live.epoch) return live;
    return replace(epoch, nowMs);
  }

  const keyring: Keyring & { toJSON(): unknown } = {
    hmac: (message, nowMs) => keyFor(nowMs).mac.digest(message),
    currentKeyId: (nowMs) => keyFor(nowMs).id,
    rotate: (nowMs) => void replace(live ? live.epoch : Math.floor(nowMs / epochMs), nowMs),
    destroy: (nowMs) => {
      if (live) shred(live, nowMs);
      live = null;
    },
    hasKey: (keyId) => live?.id === keyId,
    toJSON: () => ({ keyId: live?.id ?? null }),
  };
  Object.defineProperty(keyring, Symbol.for('nodejs.util.inspect.custom'), {
    value: () => `Keyring { keyId: ${live?.id ?? 'none'} }`,
  });
  return keyring;
}
