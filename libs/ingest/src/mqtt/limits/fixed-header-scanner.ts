/** MQTT control packet types (MQTT 3.1.1 section 2.2.1). */
const PUBLISH = 3;
const SUBSCRIBE = 8;
const UNSUBSCRIBE = 10;

/** The remaining length takes at most four bytes [MQTT-2.2.3]. */
const MAX_LENGTH_BYTES = 4;

export type FrameViolation =
  | { readonly code: 'PACKET_TOO_LARGE'; readonly declaredBytes: number }
  | { readonly code: 'MALFORMED_REMAINING_LENGTH' }
  | { readonly code: 'TOO_MANY_FILTERS'; readonly limit: number }
  /** [MQTT-2.3.1-1]: SUBSCRIBE, UNSUBSCRIBE and PUBLISH at QoS > 0 need a non-zero packet id. */
  | {
      readonly code: 'PACKET_ID_ZERO';
      readonly packetType: 'PUBLISH' | 'SUBSCRIBE' | 'UNSUBSCRIBE';
    };

export type ScanResult =
  | {
      readonly ok: true;
      /** PUBLISH packets whose fixed header ended in this chunk. */
      readonly publishes: number;
      /** SUBSCRIBE and UNSUBSCRIBE packets whose fixed header ended in this chunk. */
      readonly subscribes: number;
    }
  | { readonly ok: false; readonly violation: FrameViolation };

export interface ScanLimits {
  /** Whole packet, fixed header included. */
  readonly maxPacketBytes: number;
  /** Topic filters in one SUBSCRIBE or UNSUBSCRIBE packet. */
  readonly maxFiltersPerSubscribe: number;
}

/**
 * Where the walk through a packet body is. Only the bytes that carry a packet id or a filter
 * count are looked at one by one; topic strings and payloads are skipped in bulk.
 */
type BodyStep =
  | 'skip' // the rest of the body
  | 'idHi'
  | 'idLo'
  | 'lenHi'
  | 'lenLo'
  | 'string' // the bytes of a topic (filter)
  | 'qos'; // a SUBSCRIBE filter's requested QoS byte

/**
 * Follows the MQTT packet boundaries of a byte stream without buffering it: it reads each fixed
 * header (type byte and variable-length remaining length, section 2.2.3), checks the declared
 * size against the limit, and walks only as much of the body as it must to count SUBSCRIBE
 * filters and check packet identifiers. Headers and bodies may be split across chunks anywhere.
 *
 * Invariant: a packet that breaks a limit is reported while its bytes are still in the chunk
 * being scanned, so the caller can cut the connection before aedes parses any of it. That is
 * what bounds the cost of a SUBSCRIBE: aedes 1.2 authorizes and stores every filter of a packet,
 * in O(N^2) for persistent sessions.
 */
export class FixedHeaderScanner {
  private inHeader = true;
  private typeSeen = false;
  private packetType = 0;
  private flags = 0;
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private bodyLeft = 0;
  private step: BodyStep = 'skip';
  private idHi = 0;
  private stringLeft = 0;
  private filters = 0;

  private readonly limits: ScanLimits;

  constructor(limits: ScanLimits | number) {
    this.limits =
      typeof limits === 'number'
        ? { maxPacketBytes: limits, maxFiltersPerSubscribe: Number.MAX_SAFE_INTEGER }
        : limits;
  }

  scan(chunk: Uint8Array): ScanResult {
    let publishes = 0;
    let subscribes = 0;
    let i = 0;
    while (i < chunk.length) {
      if (!this.inHeader) {
        const violation = this.walkBody(chunk, i);
        if (violation) return { ok: false, violation };
        i = this.walked;
        if (this.bodyLeft === 0) this.startHeader();
        continue;
      }
      const byte = chunk[i++];
      if (!this.typeSeen) {
        this.packetType = byte >> 4;
        this.flags = byte & 0x0f;
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
      if (declaredBytes > this.limits.maxPacketBytes) {
        return { ok: false, violation: { code: 'PACKET_TOO_LARGE', declaredBytes } };
      }
      if (this.packetType === PUBLISH) publishes++;
      if (this.packetType === SUBSCRIBE || this.packetType === UNSUBSCRIBE) subscribes++;
      if (this.length === 0) {
        this.startHeader();
      } else {
        this.inHeader = false;
        this.bodyLeft = this.length;
        this.step = this.firstStep();
      }
    }
    return { ok: true, publishes, subscribes };
  }

  /** Index in the chunk up to which `walkBody` consumed. */
  private walked = 0;

  private firstStep(): BodyStep {
    this.filters = 0;
    switch (this.packetType) {
      case PUBLISH:
        // QoS 0 carries no packet id; otherwise it follows the topic name.
        return (this.flags & 0x06) === 0 ? 'skip' : 'lenHi';
      case SUBSCRIBE:
      case UNSUBSCRIBE:
        return 'idHi';
      default:
        return 'skip';
    }
  }

  private walkBody(chunk: Uint8Array, start: number): FrameViolation | undefined {
    let i = start;
    while (i < chunk.length && this.bodyLeft > 0) {
      if (this.step === 'skip' || this.step === 'string') {
        const want =
          this.step === 'skip' ? this.bodyLeft : Math.min(this.stringLeft, this.bodyLeft);
        const n = Math.min(want, chunk.length - i);
        i += n;
        this.bodyLeft -= n;
        if (this.step === 'string') {
          this.stringLeft -= n;
          if (this.stringLeft === 0) this.step = this.afterString();
        }
        continue;
      }
      const byte = chunk[i++];
      this.bodyLeft--;
      const violation = this.onByte(byte);
      if (violation) return violation;
    }
    this.walked = i;
    return undefined;
  }

  private onByte(byte: number): FrameViolation | undefined {
    switch (this.step) {
      case 'idHi':
        this.idHi = byte;
        this.step = 'idLo';
        return undefined;
      case 'idLo':
        if (this.idHi === 0 && byte === 0) {
          return { code: 'PACKET_ID_ZERO', packetType: this.typeName() };
        }
        this.step = this.packetType === PUBLISH ? 'skip' : 'lenHi';
        return undefined;
      case 'lenHi':
        this.stringLeft = byte << 8;
        this.step = 'lenLo';
        return undefined;
      case 'lenLo':
        this.stringLeft |= byte;
        // A filter is counted as soon as its length is known, so the limit is hit before its bytes.
        if (this.packetType !== PUBLISH && ++this.filters > this.limits.maxFiltersPerSubscribe) {
          return { code: 'TOO_MANY_FILTERS', limit: this.limits.maxFiltersPerSubscribe };
        }
        this.step = this.stringLeft === 0 ? this.afterString() : 'string';
        return undefined;
      case 'qos':
        this.step = 'lenHi';
        return undefined;
      default:
        return undefined;
    }
  }

  /** What follows a string: PUBLISH's packet id, SUBSCRIBE's QoS byte, the next UNSUBSCRIBE filter. */
  private afterString(): BodyStep {
    if (this.packetType === PUBLISH) return 'idHi';
    return this.packetType === SUBSCRIBE ? 'qos' : 'lenHi';
  }

  private typeName(): 'PUBLISH' | 'SUBSCRIBE' | 'UNSUBSCRIBE' {
    if (this.packetType === PUBLISH) return 'PUBLISH';
    return this.packetType === SUBSCRIBE ? 'SUBSCRIBE' : 'UNSUBSCRIBE';
  }

  private startHeader(): void {
    this.inHeader = true;
    this.typeSeen = false;
    this.length = 0;
    this.multiplier = 1;
    this.lengthBytes = 0;
    this.step = 'skip';
  }
}
