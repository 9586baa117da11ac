import type { ChunkFoldReply, ChunkFoldRequest } from '@hub/privacy';

/** Hub -> audio worker: one chunk to weigh. */
export interface AudioWorkerRequest {
  readonly id: number;
  readonly request: ChunkFoldRequest;
}

/** Audio worker -> hub: the folded state, or why the chunk could not be folded. */
export type AudioWorkerReply =
  | { readonly id: number; readonly reply: ChunkFoldReply }
  | { readonly id: number; readonly error: string };
