/**
 * HMAC-SHA256 (RFC 2104 over FIPS 180-4 SHA-256) with the key's inner and outer blocks
 * pre-compressed once ("midstates"). An identifier of up to 55 bytes then costs two block
 * compressions and no native call: about 4x the throughput of crypto.createHmac per identifier,
 * which the radio path needs (hundreds of thousands of identifiers per second).
 * Verified against node's createHmac in hmac-sha256.unit.spec.ts.
 */

/** FIPS 180-4 section 4.2.2: first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** FIPS 180-4 section 5.3.3: initial hash value H(0). */
const IV = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const BLOCK = 64;

export class HmacSha256 {
  private readonly innerState = new Int32Array(8);
  private readonly outerState = new Int32Array(8);
  private readonly state = new Int32Array(8);
  private readonly w = new Int32Array(64);
  private readonly block = new Int32Array(16);
  private readonly ascii = new Uint8Array(256);

  /** `key` of at most 64 bytes (the keyring uses 32). The caller keeps and wipes its own copy. */
  constructor(key: Uint8Array) {
    if (key.length > BLOCK) throw new RangeError('HmacSha256: key longer than one block');
    // RFC 2104: K ^ ipad and K ^ opad, each one block, compressed once.
    for (const [pad, target] of [
      [0x36, this.innerState],
      [0x5c, this.outerState],
    ] as const) {
      this.block.fill(0);
      for (let i = 0; i < BLOCK; i++) {
        const byte = (i < key.length ? key[i] : 0) ^ pad;
        this.block[i >> 2] |= byte << (24 - 8 * (i & 3));
      }
      target.set(IV);
      this.compress(target);
    }
    this.block.fill(0);
  }

  /** HMAC of the UTF-8 bytes of `message`; 32 bytes. */
  digest(message: string): Buffer {
    const bytes = this.encode(message);
    const n = bytes === this.ascii ? message.length : bytes.length;
    // Inner hash: midstate after K ^ ipad, then the message, 0x80, zeros, 64-bit bit length.
    this.state.set(this.innerState);
    this.absorb(bytes, n, BLOCK + n);
    // Outer hash: midstate after K ^ opad, then the 32-byte inner digest in one padded block.
    const b = this.block;
    b.set(this.state);
    b[8] = 0x80000000 | 0;
    b.fill(0, 9, 15);
    b[15] = (BLOCK + 32) * 8;
    this.state.set(this.outerState);
    this.compress(this.state);
    const out = Buffer.allocUnsafe(32);
    for (let i = 0; i < 8; i++) out.writeInt32BE(this.state[i], i * 4);
    // Scratch held message-derived words: clear them so no identifier lingers in memory.
    this.block.fill(0);
    this.w.fill(0);
    this.ascii.fill(0, 0, Math.min(message.length, this.ascii.length));
    return out;
  }

  /** Zero every key-derived word (the midstates are as good as the key). */
  wipe(): void {
    this.innerState.fill(0);
    this.outerState.fill(0);
    this.state.fill(0);
    this.ascii.fill(0);
  }

  private encode(message: string): Uint8Array {
    const n = message.length;
    if (n > this.ascii.length) return Buffer.from(message, 'utf8');
    for (let i = 0; i < n; i++) {
      const c = message.charCodeAt(i);
      if (c > 0x7f) return Buffer.from(message, 'utf8');
      this.ascii[i] = c;
    }
    return this.ascii;
  }

  /** SHA-256 message padding (FIPS 180-4 5.1.1) and block loop over `n` bytes. */
  private absorb(bytes: Uint8Array, n: number, totalLength: number): void {
    const b = this.block;
    const bitLength = totalLength * 8;
    let i = 0;
    for (;;) {
      b.fill(0);
      const end = Math.min(n, i + BLOCK);
      for (let j = i; j < end; j++) b[(j - i) >> 2] |= bytes[j] << (24 - 8 * ((j - i) & 3));
      const used = end - i;
      if (used < BLOCK) {
        b[used >> 2] |= 0x80 << (24 - 8 * (used & 3));
        if (used < 56) {
          b[14] = Math.floor(bitLength / 2 ** 32);
          b[15] = bitLength | 0;
          this.compress(this.state);
          return;
        }
        this.compress(this.state);
        // The length does not fit: one more block of zeros and the length.
        b.fill(0);
        b[14] = Math.floor(bitLength / 2 ** 32);
        b[15] = bitLength | 0;
        this.compress(this.state);
        return;
      }
      this.compress(this.state);
      i += BLOCK;
    }
  }

  /** FIPS 180-4 section 6.2.2: one SHA-256 compression of this.block into `st`. */
  private compress(st: Int32Array): void {
    const w = this.w;
    for (let i = 0; i < 16; i++) w[i] = this.block[i];
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15];
      const y = w[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let a = st[0];
    let b = st[1];
    let c = st[2];
    let d = st[3];
    let e = st[4];
    let f = st[5];
    let g = st[6];
    let h = st[7];
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[i] + w[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + S0 + maj) | 0;
    }
    st[0] = (st[0] + a) | 0;
    st[1] = (st[1] + b) | 0;
    st[2] = (st[2] + c) | 0;
    st[3] = (st[3] + d) | 0;
    st[4] = (st[4] + e) | 0;
    st[5] = (st[5] + f) | 0;
    st[6] = (st[6] + g) | 0;
    st[7] = (st[7] + h) | 0;
  }
}
