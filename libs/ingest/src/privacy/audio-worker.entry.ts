// The audio worker thread (started by AudioThread from its compiled file in dist/). It decodes
// and A-weights sound chunks for the hub's main thread, which keeps every meter's state: a chunk
// arrives with its meter's state and leaves as the folded state. Holds nothing between chunks but
// its one decode buffer, zero-filled after every chunk, so a restart loses nothing but the chunks
// in flight.
import { parentPort } from 'node:worker_threads';
import { foldChunk, PcmDecoder } from '@hub/privacy';
import type { AudioWorkerReply, AudioWorkerRequest } from './audio-worker-protocol.js';

if (!parentPort) throw new Error('audio-worker.entry runs as a worker thread only');
const port = parentPort;
const decoder = new PcmDecoder();

port.on('message', ({ id, request }: AudioWorkerRequest) => {
  let answer: AudioWorkerReply;
  try {
    answer = { id, reply: foldChunk(request, decoder) };
  } catch (error) {
    answer = { id, error: error instanceof Error ? error.message : String(error) };
  }
  const transfer = 'reply' in answer && answer.reply.whole ? [answer.reply.state.buffer] : [];
  port.postMessage(answer, transfer);
});
