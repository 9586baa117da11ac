import type { MessagePort } from 'node:worker_threads';
import type { EventStore } from '../port/event-store.port.js';
import { toWire, type WriteReply, type WriteRequest } from './append-protocol.js';

/**
 * The writing thread's side of `ForwardedWriteStore`: every request that arrives on `port` is
 * done on `store`, the thread's one writer of the log, and answered once on the same port. The
 * appends join the writer's group commit like its own. Returns a function that stops serving
 * (requests that are already running still get their answer).
 */
export function serveWrites(store: EventStore, port: MessagePort): () => void {
  const answer = (reply: WriteReply): void => {
    try {
      port.postMessage(reply);
    } catch {
      // The reading thread is gone: nobody is left to tell.
    }
  };
  const onRequest = (request: WriteRequest): void => {
    void perform(store, request).then(
      (result) => answer({ id: request.id, ok: true, ...(result && { result }) }),
      (error: unknown) => answer({ id: request.id, ok: false, error: toWire(error) }),
    );
  };
  port.on('message', onRequest);
  return () => {
    port.off('message', onRequest);
  };
}

async function perform(store: EventStore, request: WriteRequest) {
  switch (request.op) {
    case 'append':
      return store.appendToStream(request.streamId, request.events, request.options);
    case 'metadata':
      await store.setStreamMetadata(request.streamId, request.metadata);
      return undefined;
    case 'writable':
      await store.checkWritable();
      return undefined;
  }
}
