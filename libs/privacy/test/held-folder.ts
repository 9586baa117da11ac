import {
  foldChunk,
  type ChunkFolder,
  type ChunkFoldReply,
  type ChunkFoldRequest,
} from '../src/audio/chunk-fold.js';
import { PcmDecoder } from '../src/audio/pcm.js';

/**
 * A chunk folder that holds every chunk until `releaseAll`, as a slow, stuck or reordering audio
 * worker might; it answers with the same foldChunk the hub's worker runs (or fails, with `fail`).
 */
export class HeldFolder implements ChunkFolder {
  readonly held: { request: ChunkFoldRequest; answer: (r: Promise<ChunkFoldReply>) => void }[] = [];
  private readonly decoder = new PcmDecoder();
  fail = false;

  /** `newest-first` answers the held chunks in the reverse of their sending. */
  constructor(private readonly order: 'oldest-first' | 'newest-first' = 'oldest-first') {}

  fold(request: ChunkFoldRequest): Promise<ChunkFoldReply> {
    return new Promise((resolve) => this.held.push({ request, answer: resolve }));
  }

  /** Answers every held chunk, also those sent after an earlier answer, until none is sent. */
  async releaseAll(): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r)); // what is queued behind an answer is sent
      if (this.held.length === 0) return;
      const batch = this.held.splice(0);
      for (const { request, answer } of this.order === 'newest-first' ? batch.reverse() : batch) {
        answer(
          this.fail
            ? Promise.reject(new Error('worker gone'))
            : Promise.resolve(foldChunk(request, this.decoder)),
        );
      }
    }
  }
}
