/** MQTT control packet type of PUBLISH (MQTT 3.1.1 section 2.2.1). */
const PUBLISH = 3;

/** The remaining length takes at most four bytes [MQTT-2.2.3]. */
const MAX_LENGTH_BYTES = 4;

export type FrameViolation =
  | { readonly code: 'PACKET_TOO_LARGE'; readonly declaredBytes: number }
  | { readonly code: 'MALFORMED_REMAINING_LENGTH' };

export type ScanResult =
  | {
      readonly ok: true;
      /** PUBLISH packets whose fixed header ended in this chunk. */ readonly publishes: number;
    }
  | { readonly ok: false; readonly violation: FrameViolation };

/**
 * Follows the MQTT packet boundaries of a byte stream without buffering it: it reads each fixed
 * header (type byte and variable-length remaining length, section 2.2.3), checks the declared
 * size against the limit, then skips the body. Headers may be split across chunks.
 */
export class FixedHeaderScanner {
  private inHeader = true;
  private typeSeen = false;
  private packetType = 0;
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private bodyLeft = 0;

  constructor(private readonly maxPacketBytes: number) {}

  scan(chunk: Uint8Array): ScanResult {
    let publishes = 0;
    let i = 0;
    while (i < chunk.length) {
      if (!this.inHeader) {
        const skipped = Math.min(this.bodyLeft, chunk.length - i);
        i += skipped;
        this.bodyLeft -= skipped;
        if (this.bodyLeft === 0) this.startHeader();
        continue;
      }
      const byte = chunk[i++];
      if (!this.typeSeen) {
        this.packetType = byte >> 4;
        this.typeSeen = true;
        continue;
      }
      this.length += (byte & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      this.lengthBytes++;
      if (byte & 0x80) {
        if (this.lengthBytes === MAX_LENGTH_BYTES) {
          return { ok: false, violation: { code: 'MALFORMED_REMAINING_LENGTH' } };
        }
        continue;
      }
      const declaredBytes = 1 + this.lengthBytes + this.length;
      if (declaredBytes > this.maxPacketBytes) {
        return { ok: false, violation: { code: 'PACKET_TOO_LARGE', declaredBytes } };
      }
      if (this.packetType === PUBLISH) publishes++;
      if (this.length === 0) {
        this.startHeader();
      } else {
        this.inHeader = false;
        this.bodyLeft = this.length;
      }
    }
    return { ok: true, publishes };
  }

  private startHeader(): void {
    this.inHeader = true;
    this.typeSeen = false;
    this.length = 0;
    this.multiplier = 1;
    this.lengthBytes = 0;
  }
}
