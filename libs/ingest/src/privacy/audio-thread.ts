import type { HubLogger } from '@hub/contracts';
import { compiledWorkerFile, RequestWorker } from '@hub/ops';
import type { ChunkFolder, ChunkFoldReply, ChunkFoldRequest } from '@hub/privacy';

export interface AudioThreadOptions {
  readonly logger: HubLogger;
  /**
   * How long a chunk may wait for its answer (queue included) before the worker is taken for
   * stuck: it is ended and started again, and every chunk in flight is refused. Default 10 s:
   * one 1 s chunk takes well under a millisecond (`audioRealtimeFactor` in bench:privacy), so
   * only a worker that stopped answering waits so long.
   */
  readonly timeoutMs?: number;
  /** The worker script (tests give a broken one); default the compiled audio-worker.entry.js. */
  readonly workerFile?: string;
}

/**
 * The hub's side of the audio worker (HUB_AUDIO_THREAD=worker): sends each sound chunk with its
 * meter's state to one worker thread and hands back the folded state, so the A-weighting runs on
 * the second core while the broker's thread serves other devices. A worker that ends unasked
 * (a crash) or stops answering is started again at once; the chunks it held are refused (their
 * promises reject), never taken as weighed.
 */
export class AudioThread
  extends RequestWorker<ChunkFoldRequest, ChunkFoldReply>
  implements ChunkFolder
{
  constructor(options: AudioThreadOptions) {
    super({
      name: 'audio worker',
      file: () =>
        options.workerFile ??
        compiledWorkerFile(import.meta.url, 'audio-worker.entry.js', 'HUB_AUDIO_THREAD=main'),
      logger: options.logger,
      timeoutMs: options.timeoutMs ?? 10_000,
    });
  }

  /** The chunk's meter state travels to the worker (transferred, not copied) and back. */
  fold(request: ChunkFoldRequest): Promise<ChunkFoldReply> {
    return this.call(request, [request.state.buffer]);
  }
}
