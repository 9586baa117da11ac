import type { MessagePort } from 'node:worker_threads';
import type { AppendOptions, AppendResult } from '../port/append.js';
import type { NewEvent, RecordedEvent } from '../port/event.js';
import type { EventStore } from '../port/event-store.port.js';
import { InvalidAppendError, StoreClosedError, StoreUnavailableError } from '../port/errors.js';
import type { ReadAllOptions, ReadStreamOptions, SubscribeToAllOptions } from '../port/read.js';
import type { StreamMetadata } from '../port/stream-metadata.js';
import { fromWire, type WriteReply, type WriteRequest } from './append-protocol.js';

const writerGone = () => new StoreUnavailableError("the log's writing thread is gone");

type Pending = {
  resolve: (result: AppendResult | undefined) => void;
  reject: (error: unknown) => void;
};

/**
 * The log as a thread that does not write it sees it (decision 0022): reads, subscriptions and
 * the head from `reader`, the thread's own connection to the same log; appends and stream
 * metadata sent over `port` to the thread that writes it (`serveWrites`), so the log keeps one
 * writer. An append resolves once the writer made it durable, with the writer's own result.
 */
export class ForwardedWriteStore implements EventStore {
  readonly marksRetries: boolean;
  private readonly pending = new Map<number, Pending>();
  /** The writes not yet answered, for `close` to wait on. */
  private readonly inFlight = new Set<Promise<void>>();
  private nextId = 1;
  /** Newest position an append of this store returned: the head is at least there. */
  private appendedUpTo = 0;
  private closed = false;
  /** Set when the writing thread's end of the port closed: no answer can come any more. */
  private writerGone = false;

  constructor(
    private readonly reader: EventStore,
    private readonly port: MessagePort,
    /** What the writer's store says of itself (`EventStore.marksRetries`). */
    options: { readonly marksRetries: boolean },
  ) {
    this.marksRetries = options.marksRetries;
    port.on('message', (reply: WriteReply) => this.settle(reply));
    port.on('close', () => {
      this.writerGone = true;
      this.failAll(writerGone());
    });
    port.unref();
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const result = await this.send({
      id: 0,
      op: 'append',
      streamId,
      events,
      ...(options && { options }),
    });
    if (!result)
      throw new StoreUnavailableError(
        "the log's writing thread answered an append without a result",
      );
    this.appendedUpTo = Math.max(this.appendedUpTo, result.position);
    return result;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    await this.send({ id: 0, op: 'metadata', streamId, metadata });
  }

  async checkWritable(): Promise<void> {
    await this.send({ id: 0, op: 'writable' });
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.reader.readStream(streamId, options);
  }

  findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    return this.reader.findEvent(streamId, eventId);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.reader.readAll(options);
  }

  subscribeToAll(options?: SubscribeToAllOptions): AsyncIterable<RecordedEvent> {
    return this.reader.subscribeToAll(options);
  }

  /**
   * The reader's head, or later: the writer's answer to an append and its announcement of the
   * commit travel on different channels, and a caller that appended must see its own write.
   */
  async headPosition(): Promise<number> {
    return Math.max(await this.reader.headPosition(), this.appendedUpTo);
  }

  getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    return this.reader.getStreamMetadata(streamId);
  }

  /** Waits for this store's own writes to be answered, then closes its reader (not the writer). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.inFlight);
    this.port.close();
    await this.reader.close();
  }

  private send(request: WriteRequest): Promise<AppendResult | undefined> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    if (this.writerGone) return Promise.reject(writerGone());
    const id = this.nextId++;
    const answered = new Promise<AppendResult | undefined>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // While an answer is awaited the port keeps this thread alive; not otherwise.
      if (this.pending.size === 1) this.port.ref();
      try {
        this.port.postMessage({ ...request, id });
      } catch (error) {
        // Data the writer's thread cannot receive (a function, say) is refused as the store
        // refuses any other invalid append: nothing was sent, nothing written.
        this.forget(id);
        reject(new InvalidAppendError(`cannot be sent to the log's writer: ${String(error)}`));
      }
    });
    const settled = answered.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return answered;
  }

  private settle(reply: WriteReply): void {
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    this.forget(reply.id);
    if (reply.ok) entry.resolve(reply.result);
    else entry.reject(fromWire(reply.error));
  }

  private forget(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.port.unref();
  }

  private failAll(error: Error): void {
    for (const [id, entry] of [...this.pending]) {
      this.forget(id);
      entry.reject(error);
    }
  }
}
