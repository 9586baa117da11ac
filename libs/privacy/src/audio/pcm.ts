import { endianness } from 'node:os';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/**
 * Decodes base64 s16le mono PCM into one buffer it owns and reuses, so a chunk costs no
 * allocation (a fresh 64 KB Buffer per chunk cost more than the decoding) and the samples live in
 * exactly one place, zero-filled as soon as they are folded. Not reentrant: one per filter.
 */
export class PcmDecoder {
  private bytes = Buffer.alloc(0);
  private samples = new Int16Array(0);

  /**
   * Calls `fold` with the samples, then zero-fills them (also when `fold` throws). Returns false,
   * without calling `fold`, when the bytes are not whole 16-bit samples. Decodes as
   * Buffer.from(base64, 'base64') does: lenient, so validate the text first.
   */
  withSamples(base64: string, fold: (samples: Int16Array) => void): boolean {
    const room = Buffer.byteLength(base64, 'base64');
    if (this.bytes.length < room) this.grow(room);
    // At most `room` bytes, as Buffer.from allocates: the same bytes for any text.
    const length = this.bytes.write(base64, 0, room, 'base64');
    try {
      if (length % 2 !== 0) return false;
      fold(this.view(length));
      return true;
    } finally {
      this.bytes.fill(0, 0, length);
      if (!LITTLE_ENDIAN_HOST) this.samples.fill(0, 0, length / 2);
    }
  }

  private view(length: number): Int16Array {
    // Zero-copy on little-endian hosts (the buffer is 2-byte aligned: offset 0 of its own memory).
    if (LITTLE_ENDIAN_HOST) return new Int16Array(this.bytes.buffer, 0, length / 2);
    const b = this.bytes;
    const out = this.samples.subarray(0, length / 2);
    for (let i = 0, j = 0; i < out.length; i++, j += 2) {
      out[i] = ((b[j] | (b[j + 1] << 8)) << 16) >> 16;
    }
    return out;
  }

  private grow(room: number): void {
    // The old buffers hold zeros only (wiped after each use); allocUnsafeSlow: own memory, offset 0.
    this.bytes = Buffer.allocUnsafeSlow(room).fill(0);
    if (!LITTLE_ENDIAN_HOST) this.samples = new Int16Array(Math.ceil(room / 2));
  }
}
