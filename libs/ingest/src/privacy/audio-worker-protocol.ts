import type { WorkerReply, WorkerRequest } from '@hub/ops';
import type { ChunkFoldReply, ChunkFoldRequest } from '@hub/privacy';

/** Hub -> audio worker: one chunk to weigh. */
export type AudioWorkerRequest = WorkerRequest<ChunkFoldRequest>;

/** Audio worker -> hub: the folded state, or why the chunk could not be folded. */
export type AudioWorkerReply = WorkerReply<ChunkFoldReply>;
