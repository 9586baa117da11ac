import { Duplex } from 'node:stream';
import {
  FixedHeaderScanner,
  type FrameViolation,
  type ScanLimits,
} from './fixed-header-scanner.js';

export interface ConnectionGuardHooks {
  /** The connection is about to be cut because a packet broke the framing rules. */
  onViolation(violation: FrameViolation): void;
  /**
   * `count` new PUBLISH, SUBSCRIBE or UNSUBSCRIBE packets arrived; return false to cut the
   * connection before aedes reads them (the rate limit). SUBSCRIBEs count too: each costs the
   * broker an authorization per filter and, for a persistent session, a store.
   */
  onPublishes(count: number): boolean;
}

/**
 * The stream aedes reads from instead of the raw socket (TCP, TLS or WebSocket). Every chunk is
 * scanned for MQTT fixed headers before it is passed on, so a packet that declares more than the
 * limit is cut off at its header (aedes 1.x has no packet size limit and would buffer the whole
 * declared length), and a SUBSCRIBE with too many filters or a zero packet id is cut off before
 * aedes parses it.
 */
export class GuardedConnection extends Duplex {
  /** Set by aedes (`conn.client = client`); gives the client id for log lines. */
  client?: { readonly id: string | null };
  private readonly scanner: FixedHeaderScanner;

  constructor(
    private readonly inner: Duplex,
    limits: ScanLimits | number,
    private readonly hooks: ConnectionGuardHooks,
  ) {
    super({ allowHalfOpen: false });
    this.scanner = new FixedHeaderScanner(limits);
    inner.on('data', (chunk: Buffer) => this.onChunk(chunk));
    inner.on('end', () => this.push(null));
    inner.on('error', (error) => this.destroy(error));
    inner.on('close', () => this.destroy());
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void) {
    this.inner.write(chunk, done);
  }

  /** aedes writes a packet in several pieces while corked: hand them on in one go. */
  override _writev(
    chunks: { chunk: Buffer; encoding: BufferEncoding }[],
    done: (error?: Error | null) => void,
  ): void {
    this.inner.cork();
    for (let i = 0; i < chunks.length - 1; i++) this.inner.write(chunks[i].chunk);
    this.inner.write(chunks[chunks.length - 1].chunk, done);
    this.inner.uncork();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.inner.end(done);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.inner.destroy();
    done(error);
  }

  private onChunk(chunk: Buffer): void {
    if (this.destroyed) return;
    const result = this.scanner.scan(chunk);
    if (!result.ok) {
      this.hooks.onViolation(result.violation);
      this.destroy();
      return;
    }
    const metered = result.publishes + result.subscribes;
    if (metered > 0 && !this.hooks.onPublishes(metered)) {
      this.destroy();
      return;
    }
    if (!this.push(chunk)) this.inner.pause();
  }
}
